import type { Db } from "../open.js";

/** Number of `stage1_outputs` rows (extracted memories), for `engram status`. */
export function countStage1Outputs(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM stage1_outputs`).get() as { n: number }).n;
}

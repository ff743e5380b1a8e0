import type { Db } from "../open.js";

export interface RolloutFileCounts {
  total: number;
  missing: number;
  /** Sum of bad lines over all files. */
  badLines: number;
  /** Files with at least one bad line. */
  filesWithBadLines: number;
  /** Files seen that have no session_meta yet (no thread). */
  withoutThread: number;
}

/** Counts over all `rollout_files` rows, for `engram status`. */
export function countRolloutFiles(db: Db): RolloutFileCounts {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(missing), 0) AS missing,
              COALESCE(SUM(bad_lines), 0) AS badLines,
              COALESCE(SUM(bad_lines > 0), 0) AS filesWithBadLines,
              COALESCE(SUM(thread_id IS NULL), 0) AS withoutThread
         FROM rollout_files`,
    )
    .get() as RolloutFileCounts;
  return r;
}

import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";

/** The stored metadata-fold accumulator (JSON text) of one rollout file, or null if none was stored. */
export function getRolloutFileFold(db: Db, path: string): string | null {
  const row = cachedStatement(db, `SELECT fold_state FROM rollout_files WHERE path = ?`).get(path) as
    | { fold_state: string | null }
    | undefined;
  return row?.fold_state ?? null;
}

import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";

/**
 * Flags these rollout files as missing (`missing = 1`); rows are never deleted, so a file that comes
 * back is recognised. Returns how many rows changed from present to missing.
 */
export function markRolloutFilesMissing(db: Db, paths: readonly string[], now: number): number {
  const stmt = cachedStatement(db, `UPDATE rollout_files SET missing = 1, indexed_at = ? WHERE path = ? AND missing = 0`);
  let changed = 0;
  for (const p of paths) changed += stmt.run(now, p).changes;
  return changed;
}

import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";

/**
 * Flags the threads whose current rollout file is one of `rolloutPaths` as missing. A thread whose file
 * moved (e.g. archived by Codex) already points at its new path and is left alone. Returns rows changed.
 */
export function markThreadsMissing(db: Db, rolloutPaths: readonly string[], now: number): number {
  const stmt = cachedStatement(db, `UPDATE threads SET missing = 1, indexed_at = ? WHERE rollout_path = ? AND missing = 0`);
  let changed = 0;
  for (const p of rolloutPaths) changed += stmt.run(now, p).changes;
  return changed;
}

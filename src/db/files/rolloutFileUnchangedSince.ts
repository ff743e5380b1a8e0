import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";
import type { RolloutFileState } from "./getRolloutFileStates.js";

/**
 * True when the `rollout_files` row of `path` is still what this process saw before reading the file
 * (`seen`; null = there was no row). False means another `engram index` wrote it meanwhile: this
 * process's read is stale or duplicate and must not overwrite the newer row. Call inside the write
 * transaction.
 */
export function rolloutFileUnchangedSince(db: Db, path: string, seen: RolloutFileState | null): boolean {
  const row = cachedStatement(db, `SELECT size, mtime_ms, offset, last_line_hash, missing FROM rollout_files WHERE path = ?`)
    .get(path) as
    | { size: number; mtime_ms: number; offset: number; last_line_hash: string | null; missing: number }
    | undefined;
  if (!row) return seen === null;
  if (seen === null) return false;
  return (
    row.size === seen.size &&
    row.mtime_ms === seen.mtimeMs &&
    row.offset === seen.offset &&
    row.last_line_hash === seen.lastLineHash &&
    (row.missing === 1) === seen.missing
  );
}

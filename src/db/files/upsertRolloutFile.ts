import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";
import type { RolloutFileState } from "./getRolloutFileStates.js";

/** One `rollout_files` row to write: the file's state after a read, plus the fold to resume from. */
export interface RolloutFileWrite extends Omit<RolloutFileState, "badLines" | "missing"> {
  foldState: string | null;
  /** Bad lines found by this read; added to the stored count, or replacing it when `resetBadLines`. */
  badLines: number;
  /** True when the file was read from its start (new or rewritten): earlier bad-line counts no longer apply. */
  resetBadLines: boolean;
}

/**
 * Inserts or replaces the `rollout_files` row of `w.path` and clears `missing` (the file is here).
 * `first_seen_at` keeps its first value. Idempotent: writing the same read twice gives the same row
 * (except `bad_lines` on an append, which the caller guards with `rolloutFileUnchangedSince`).
 */
export function upsertRolloutFile(db: Db, w: RolloutFileWrite, now: number): void {
  cachedStatement(db, 
    `INSERT INTO rollout_files (path, thread_id, archived, size, mtime_ms, offset, lines_read, last_line_offset,
                                last_line_hash, fold_state, bad_lines, missing, first_seen_at, indexed_at)
     VALUES (@path, @threadId, @archived, @size, @mtimeMs, @offset, @linesRead, @lastLineOffset,
             @lastLineHash, @foldState, @badLines, 0, @now, @now)
     ON CONFLICT(path) DO UPDATE SET
       thread_id = COALESCE(excluded.thread_id, rollout_files.thread_id),
       archived = excluded.archived, size = excluded.size, mtime_ms = excluded.mtime_ms,
       offset = excluded.offset, lines_read = excluded.lines_read,
       last_line_offset = excluded.last_line_offset, last_line_hash = excluded.last_line_hash,
       fold_state = excluded.fold_state,
       bad_lines = CASE WHEN @resetBadLines THEN excluded.bad_lines ELSE rollout_files.bad_lines + excluded.bad_lines END,
       missing = 0, indexed_at = excluded.indexed_at`,
  ).run({
    path: w.path,
    threadId: w.threadId,
    archived: w.archived ? 1 : 0,
    size: w.size,
    mtimeMs: w.mtimeMs,
    offset: w.offset,
    linesRead: w.linesRead,
    lastLineOffset: w.lastLineOffset,
    lastLineHash: w.lastLineHash,
    foldState: w.foldState,
    badLines: w.badLines,
    resetBadLines: w.resetBadLines ? 1 : 0,
    now,
  });
}

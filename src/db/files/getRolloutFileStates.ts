import type { Db } from "../open.js";

/** What `engram index` remembers about one rollout file (one `rollout_files` row, without its fold). */
export interface RolloutFileState {
  path: string;
  threadId: string | null;
  archived: boolean;
  size: number;
  mtimeMs: number;
  offset: number;
  linesRead: number;
  lastLineOffset: number | null;
  lastLineHash: string | null;
  badLines: number;
  missing: boolean;
}

interface Row {
  path: string;
  thread_id: string | null;
  archived: number;
  size: number;
  mtime_ms: number;
  offset: number;
  lines_read: number;
  last_line_offset: number | null;
  last_line_hash: string | null;
  bad_lines: number;
  missing: number;
}

export function rowToRolloutFileState(r: Row): RolloutFileState {
  return {
    path: r.path,
    threadId: r.thread_id,
    archived: r.archived === 1,
    size: r.size,
    mtimeMs: r.mtime_ms,
    offset: r.offset,
    linesRead: r.lines_read,
    lastLineOffset: r.last_line_offset,
    lastLineHash: r.last_line_hash,
    badLines: r.bad_lines,
    missing: r.missing === 1,
  };
}

/**
 * Every known rollout file (missing ones included), keyed by absolute path. The fold state is left out
 * (it is only needed for files that changed: see `getRolloutFileFold`), so loading 10,000 rows stays cheap.
 */
export function getRolloutFileStates(db: Db): Map<string, RolloutFileState> {
  const rows = db
    .prepare(
      `SELECT path, thread_id, archived, size, mtime_ms, offset, lines_read, last_line_offset, last_line_hash,
              bad_lines, missing
         FROM rollout_files`,
    )
    .all() as Row[];
  const out = new Map<string, RolloutFileState>();
  for (const r of rows) out.set(r.path, rowToRolloutFileState(r));
  return out;
}

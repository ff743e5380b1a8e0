import type { Db } from "../open.js";

/** Feedback export cap (codex-memories-spec §6.5): what fits in a bug report upload. */
export const FEEDBACK_EXPORT_CAP_BYTES = 10 * 1024 * 1024;

/**
 * A thread's log messages for a feedback report: the newest lines whose cumulative size (each line
 * ending in `\n`) fits in `capBytes`, returned oldest-first as one string.
 */
export function exportThreadLogs(db: Db, threadId: string, capBytes = FEEDBACK_EXPORT_CAP_BYTES): string {
  const stmt = db.prepare(
    `SELECT message FROM logs WHERE thread_id = ? AND message IS NOT NULL ORDER BY ts DESC, ts_nanos DESC, id DESC`,
  );
  const lines: string[] = [];
  let bytes = 0;
  for (const row of stmt.iterate(threadId) as IterableIterator<{ message: string }>) {
    const line = row.message.endsWith("\n") ? row.message : row.message + "\n";
    const size = Buffer.byteLength(line);
    if (bytes + size > capBytes) break;
    bytes += size;
    lines.push(line);
  }
  return lines.reverse().join("");
}

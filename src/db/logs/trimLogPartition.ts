import type { Db } from "../open.js";

/**
 * A retention partition of the logs table (codex-memories-spec §6.5): one per thread id; the
 * thread-less rows of one process; or the thread-less rows with no process (`processUuid: null`).
 */
export type LogPartition = { threadId: string } | { threadId: null; processUuid: string | null };

/**
 * If the partition's `SUM(estimated_bytes)` exceeds `capBytes`, deletes its oldest rows: every row whose
 * newest-first cumulative size (ordered `ts DESC, ts_nanos DESC, id DESC`) is above the cap.
 * Returns how many rows were deleted.
 */
export function trimLogPartition(db: Db, partition: LogPartition, capBytes: number): number {
  let where: string;
  let params: unknown[];
  if (partition.threadId !== null) {
    where = `thread_id = ?`;
    params = [partition.threadId];
  } else if (partition.processUuid !== null) {
    where = `thread_id IS NULL AND process_uuid = ?`;
    params = [partition.processUuid];
  } else {
    where = `thread_id IS NULL AND process_uuid IS NULL`;
    params = [];
  }
  const total = (db.prepare(`SELECT COALESCE(SUM(estimated_bytes), 0) AS b FROM logs WHERE ${where}`).get(...params) as {
    b: number;
  }).b;
  if (total <= capBytes) return 0;
  return db
    .prepare(
      `DELETE FROM logs WHERE id IN (
         SELECT id FROM (
           SELECT id, SUM(estimated_bytes) OVER (ORDER BY ts DESC, ts_nanos DESC, id DESC) AS newer_bytes
             FROM logs WHERE ${where}
         ) WHERE newer_bytes > ?
       )`,
    )
    .run(...params, capBytes).changes;
}

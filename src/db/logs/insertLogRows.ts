import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";

export interface LogRow {
  ts: number; // Unix seconds
  tsNanos: number; // nanoseconds within the second
  level: "ERROR" | "WARN" | "INFO" | "DEBUG";
  target: string;
  message: string;
  threadId: string | null;
  processUuid: string | null;
}

/** codex-memories-spec §6.5: the bytes a row counts against its partition's cap. */
export function estimateLogBytes(row: Pick<LogRow, "message" | "level" | "target">): number {
  return Buffer.byteLength(row.message) + row.level.length + Buffer.byteLength(row.target);
}

/** Inserts log rows (call inside a transaction for a batch). Does not trim: see `trimLogPartition`. */
export function insertLogRows(db: Db, rows: readonly LogRow[]): void {
  const stmt = cachedStatement(db, 
    `INSERT INTO logs (ts, ts_nanos, level, target, message, thread_id, process_uuid, estimated_bytes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) {
    stmt.run(r.ts, r.tsNanos, r.level, r.target, r.message, r.threadId, r.processUuid, estimateLogBytes(r));
  }
}

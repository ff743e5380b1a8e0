import type { Migration } from "../../migrate.js";

/**
 * engram's own log lines (codex-memories-spec §6.5). Each thread's lines form a partition, and so do
 * each process's thread-less lines; a partition is trimmed newest-first to a byte cap after each insert.
 */
export const migration0010: Migration = {
  version: 10,
  name: "0010-logs",
  up(db) {
    db.exec(`
      CREATE TABLE logs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        ts              INTEGER NOT NULL,           -- Unix seconds
        ts_nanos        INTEGER NOT NULL,
        level           TEXT NOT NULL,              -- ERROR | WARN | INFO | DEBUG
        target          TEXT NOT NULL,              -- module, e.g. index, phase1
        message         TEXT,
        thread_id       TEXT,
        process_uuid    TEXT,
        estimated_bytes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX idx_logs_ts ON logs (ts DESC, ts_nanos DESC, id DESC);
      CREATE INDEX idx_logs_thread ON logs (thread_id, ts DESC, ts_nanos DESC, id DESC);
      CREATE INDEX idx_logs_process ON logs (process_uuid, ts DESC, ts_nanos DESC, id DESC) WHERE thread_id IS NULL;
    `);
  },
};

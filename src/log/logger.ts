/**
 * engram's own logger: every line is redacted, then goes to the logs DB (batched; each batch trims the
 * partitions it touched to their byte cap, codex-memories-spec §6.5) and, at or above the stderr
 * level, to stderr.
 */
import { randomUUID } from "node:crypto";
import { openLogsDb } from "../db/stateDb.js";
import type { Db } from "../db/open.js";
import { insertLogRows, type LogRow } from "../db/logs/insertLogRows.js";
import { trimLogPartition, type LogPartition } from "../db/logs/trimLogPartition.js";
import { LOG_PARTITION_CAP_BYTES, LOG_BATCH_ROWS } from "./constants.js";
import { redactSecrets } from "../redact/redact.js";

export type LogLevel = "error" | "warn" | "info" | "debug";
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LogFields {
  threadId?: string;
}

export interface Logger {
  readonly processUuid: string;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** Writes buffered lines to the logs DB now. */
  flush(): void;
  /** Flushes, and closes the logs DB if the logger opened it. */
  close(): void;
}

export interface LoggerOptions {
  /** engram home: the logger opens (and later closes) its logs DB. */
  home?: string;
  /** Or an open logs DB (left open by `close()`). Neither: stderr only. */
  db?: Db;
  /** Module name stored in each row, e.g. `index`. */
  target: string;
  /** Lowest level printed on stderr. Default: `ENGRAM_LOG`, else `warn`. */
  stderrLevel?: LogLevel;
  processUuid?: string;
  /** Partition byte cap (tests pass a small one). */
  partitionCapBytes?: number;
  /** Where stderr lines go (tests). */
  stderr?: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
}

/** Reads `ENGRAM_LOG`; an unknown value falls back to `warn` rather than failing a command. */
export function levelFromEnv(env: Record<string, string | undefined>): LogLevel {
  const v = env.ENGRAM_LOG?.toLowerCase();
  return v === "error" || v === "warn" || v === "info" || v === "debug" ? v : "warn";
}

export function createLogger(options: LoggerOptions): Logger {
  const env = options.env ?? process.env;
  const stderrLevel = options.stderrLevel ?? levelFromEnv(env);
  // The DB keeps info and above always (for `engram status`/feedback), debug only when asked for.
  const dbLevel: LogLevel = RANK[stderrLevel] > RANK.info ? stderrLevel : "info";
  const processUuid = options.processUuid ?? randomUUID();
  const cap = options.partitionCapBytes ?? LOG_PARTITION_CAP_BYTES;
  const stderr = options.stderr ?? process.stderr;
  const ownsDb = options.db === undefined && options.home !== undefined;
  let db: Db | null = options.db ?? (options.home !== undefined ? openLogsDb(options.home) : null);
  let buffer: LogRow[] = [];

  const flush = () => {
    if (!db || buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    const target = db;
    target.transaction(() => {
      insertLogRows(target, rows);
      const seen = new Set<string>();
      for (const r of rows) {
        const partition: LogPartition =
          r.threadId !== null ? { threadId: r.threadId } : { threadId: null, processUuid: r.processUuid };
        const key = JSON.stringify(partition);
        if (seen.has(key)) continue;
        seen.add(key);
        trimLogPartition(target, partition, cap);
      }
    })();
  };

  const log = (level: LogLevel, raw: string, fields: LogFields = {}) => {
    // Messages carry model errors (a server may echo input), paths a model chose, file names: redact
    // here once, so nothing a caller logs reaches stderr or the logs DB with a secret in it.
    const message = redactSecrets(raw);
    if (RANK[level] <= RANK[stderrLevel]) {
      stderr.write(`engram ${level}: ${message}${fields.threadId ? ` (thread ${fields.threadId})` : ""}\n`);
    }
    if (!db || RANK[level] > RANK[dbLevel]) return;
    const ms = Date.now();
    buffer.push({
      ts: Math.floor(ms / 1000),
      tsNanos: (ms % 1000) * 1_000_000,
      level: level.toUpperCase() as LogRow["level"],
      target: options.target,
      message,
      threadId: fields.threadId ?? null,
      processUuid,
    });
    if (buffer.length >= LOG_BATCH_ROWS || level === "error") flush();
  };

  return {
    processUuid,
    error: (m, f) => log("error", m, f),
    warn: (m, f) => log("warn", m, f),
    info: (m, f) => log("info", m, f),
    debug: (m, f) => log("debug", m, f),
    flush,
    close() {
      flush();
      if (ownsDb && db) db.close();
      db = null;
    },
  };
}

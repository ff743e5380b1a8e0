/**
 * Every SQLite connection engram makes is opened here, one way.
 *
 * - WAL: readers never block the writer; several engram processes share one DB.
 * - busy_timeout 10 s: a second process waits for the write lock instead of failing at once.
 *   Claims hold the lock for milliseconds, so 10 s only runs out when something is badly wrong.
 * - synchronous=NORMAL: in WAL mode a power cut can lose the last commits but never corrupts the DB.
 *   Everything engram stores can be rebuilt from rollouts, so speed wins over that durability.
 * - foreign_keys on.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { EngramError } from "../errors.js";
import { ensureDir } from "../util/ensureDir.js";
import { migrate, type Migration } from "./migrate.js";

export type Db = Database.Database;

export const BUSY_TIMEOUT_MS = 10_000;

/** SQLite's name for a DB that lives in memory only (nothing is created on disk). */
export const IN_MEMORY_DB = ":memory:";

/**
 * Opens `file`, creating its folder if needed. `folderWhat` names where that folder came from for
 * error messages (default: "the <label> DB folder"; the state/logs DBs pass "ENGRAM_HOME").
 */
export function openDb(file: string, migrations: readonly Migration[], label: string, folderWhat?: string): Db {
  if (file !== IN_MEMORY_DB) ensureDir(path.dirname(file), folderWhat ?? `the ${label} DB folder`);
  let db: Db;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new EngramError("db_open_failed", `cannot open the ${label} DB at ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    enableWal(db);
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db, migrations, { file, label });
  } catch (error) {
    db.close();
    if (error instanceof EngramError) throw error;
    throw new EngramError("db_open_failed", `cannot open the ${label} DB at ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return db;
}

/**
 * Switches the DB to WAL (a persistent setting, so this only changes anything on a fresh DB). When
 * two processes make that switch at the same moment, SQLite can answer SQLITE_BUSY without waiting
 * on the busy handler, so the switch is retried with a short jittered pause until the busy timeout.
 */
function enableWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}

/** Seconds since the epoch: the unit of every timestamp column. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

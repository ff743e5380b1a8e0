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
    db.pragma("journal_mode = WAL");
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

/** Seconds since the epoch: the unit of every timestamp column. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

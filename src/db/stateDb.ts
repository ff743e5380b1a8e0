import fs from "node:fs";
import { stateDbPath, logsDbPath } from "../paths.js";
import { openDb, IN_MEMORY_DB, type Db } from "./open.js";
import { missingComponents } from "../util/ensureDir.js";
import { STATE_MIGRATIONS } from "./migrations/state/index.js";
import { LOGS_MIGRATIONS } from "./migrations/logs/index.js";

/** Opens (creating and migrating if needed) the state DB under an engram home. */
export function openStateDb(home: string): Db {
  return openDb(stateDbPath(home), STATE_MIGRATIONS, "state", "ENGRAM_HOME");
}

/**
 * For read-only commands (`status`, `threads`): the state DB if it exists, else an empty in-memory one
 * with the same schema, so a fresh install reports "nothing indexed" without creating ENGRAM_HOME.
 * `exists` says whether the DB exists on disk.
 */
export function openStateDbForReading(home: string): { db: Db; exists: boolean } {
  if (fs.existsSync(stateDbPath(home))) return { db: openStateDb(home), exists: true };
  missingComponents(home, "ENGRAM_HOME"); // a home that is a file is still reported, not read as empty
  return { db: openDb(IN_MEMORY_DB, STATE_MIGRATIONS, "state"), exists: false };
}

/** Opens (creating and migrating if needed) the logs DB under an engram home. */
export function openLogsDb(home: string): Db {
  return openDb(logsDbPath(home), LOGS_MIGRATIONS, "logs", "ENGRAM_HOME");
}

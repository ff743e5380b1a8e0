import { stateDbPath, logsDbPath } from "../paths.js";
import { openDb, type Db } from "./open.js";
import { STATE_MIGRATIONS } from "./migrations/state/index.js";
import { LOGS_MIGRATIONS } from "./migrations/logs/index.js";

/** Opens (creating and migrating if needed) the state DB under an engram home. */
export function openStateDb(home: string): Db {
  return openDb(stateDbPath(home), STATE_MIGRATIONS, "state");
}

/** Opens (creating and migrating if needed) the logs DB under an engram home. */
export function openLogsDb(home: string): Db {
  return openDb(logsDbPath(home), LOGS_MIGRATIONS, "logs");
}

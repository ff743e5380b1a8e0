import type { Migration } from "../../migrate.js";
import { migration0010 } from "./0010-logs.js";

/** Logs DB migrations, oldest first. */
export const LOGS_MIGRATIONS: readonly Migration[] = [migration0010];

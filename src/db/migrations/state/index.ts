import type { Migration } from "../../migrate.js";
import { migration0010 } from "./0010-threads.js";
import { migration0020 } from "./0020-rollout-files.js";
import { migration0030 } from "./0030-memory-jobs.js";

/** State DB migrations, oldest first. Append only; never edit one that has shipped. */
export const STATE_MIGRATIONS: readonly Migration[] = [migration0010, migration0020, migration0030];

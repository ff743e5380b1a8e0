import type { Db } from "../open.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL } from "./constants.js";
import type { JobRow } from "./types.js";

const SQL = `SELECT * FROM jobs WHERE kind = '${JOB_KIND_GLOBAL}' AND job_key = '${GLOBAL_JOB_KEY}'`;

/**
 * The phase-2 (consolidation) job row, or null before the first consolidation.
 *
 * Query behavior: the single `memory_consolidate_global` / `global` row by primary key. Read-only.
 */
export function getGlobalJob(db: Db): JobRow | null {
  return (db.prepare(SQL).get() as JobRow | undefined) ?? null;
}

import type { Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import type { JobRow } from "./types.js";

const SQL = `
  SELECT * FROM jobs
  WHERE kind = '${JOB_KIND_STAGE1}' AND job_key IN (SELECT value FROM json_each(@ids))`;

/**
 * The phase-1 job rows of these threads, keyed by thread id (threads without a row are absent).
 *
 * Query behavior: `memory_stage1` rows whose `job_key` is in `threadIds` (primary-key lookups),
 * unordered. Read-only.
 */
export function getStage1JobsByThreadIds(db: Db, threadIds: readonly string[]): Map<string, JobRow> {
  if (threadIds.length === 0) return new Map();
  const rows = db.prepare(SQL).all({ ids: JSON.stringify(threadIds) }) as JobRow[];
  return new Map(rows.map((r) => [r.job_key, r]));
}

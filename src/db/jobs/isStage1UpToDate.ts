import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";
import { JOB_KIND_STAGE1 } from "./constants.js";

const SQL = `
  SELECT EXISTS (SELECT 1 FROM stage1_outputs WHERE thread_id = @threadId AND source_updated_at >= @source)
      OR EXISTS (SELECT 1 FROM jobs WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = @threadId
                                      AND last_success_watermark >= @source) AS up_to_date`;

/**
 * Whether the thread's snapshot at `sourceUpdatedAt` has already been extracted.
 *
 * Query behavior: read-only. True when `stage1_outputs` holds the thread at a `source_updated_at` at
 * least as new, or its `memory_stage1` job's `last_success_watermark` is (a run that succeeded with
 * nothing worth keeping stores no output row). The claim applies exactly this rule first.
 */
export function isStage1UpToDate(db: Db, threadId: string, sourceUpdatedAt: number): boolean {
  const row = cachedStatement(db, SQL).get({ threadId, source: sourceUpdatedAt }) as { up_to_date: number };
  return row.up_to_date === 1;
}

import { nowSeconds, type Db } from "../open.js";
import { PRUNE_BATCH_SIZE, SECONDS_PER_DAY } from "../jobs/constants.js";

export interface PruneStage1OutputsParams {
  maxUnusedDays: number;
  /** Rows deleted at most per call. */
  limit?: number;
  now?: number;
}

const SQL = `
  DELETE FROM stage1_outputs
  WHERE thread_id IN (
    SELECT thread_id FROM stage1_outputs
    WHERE selected_for_phase2 = 0
      AND COALESCE(last_usage, source_updated_at) < @cutoff
    ORDER BY COALESCE(last_usage, source_updated_at) ASC, source_updated_at ASC, thread_id ASC
    LIMIT @limit
  )`;

/**
 * Retention pruning of stage-1 rows (spec §2.12).
 *
 * Query behavior: deletes up to `limit` (default 200) rows that are not in the last phase-2
 * selection and whose `COALESCE(last_usage, source_updated_at)` is older than now - maxUnusedDays,
 * stalest first (`COALESCE(last_usage, source_updated_at) ASC, source_updated_at ASC, thread_id ASC`).
 * Job rows are untouched, so a pruned thread is not re-extracted until its rollout changes.
 * Returns the number of rows deleted.
 */
export function pruneStage1Outputs(db: Db, params: PruneStage1OutputsParams): number {
  const now = params.now ?? nowSeconds();
  return db.prepare(SQL).run({
    cutoff: now - Math.max(0, params.maxUnusedDays) * SECONDS_PER_DAY,
    limit: params.limit ?? PRUNE_BATCH_SIZE,
  }).changes;
}

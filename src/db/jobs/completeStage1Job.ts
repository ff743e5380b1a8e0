import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { enqueueGlobalConsolidation } from "./enqueueGlobalConsolidation.js";

export interface CompleteStage1JobParams {
  threadId: string;
  token: string;
  /** `threads.updated_at` of the snapshot that was extracted. */
  sourceUpdatedAt: number;
  rawMemory: string;
  rolloutSummary: string;
  rolloutSlug: string | null;
  chunkCount?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  now?: number;
}

const FINISH_JOB_SQL = `
  UPDATE jobs SET
    status                 = 'done',
    finished_at            = @now,
    lease_until            = NULL,
    last_error             = NULL,
    last_error_class       = NULL,
    last_success_watermark = input_watermark,
    outcome                = 'succeeded',
    chunk_count            = @chunkCount,
    input_tokens           = @inputTokens,
    output_tokens          = @outputTokens
  WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = @threadId AND status = 'running' AND ownership_token = @token`;

// A newer snapshot already stored (by a later claim of the same thread) is never overwritten.
// usage_count, last_usage and selected_for_phase2* are not in the SET list: they survive a refresh.
const UPSERT_OUTPUT_SQL = `
  INSERT INTO stage1_outputs (thread_id, source_updated_at, raw_memory, rollout_summary, rollout_slug, generated_at)
  VALUES (@threadId, @sourceUpdatedAt, @rawMemory, @rolloutSummary, @rolloutSlug, @now)
  ON CONFLICT (thread_id) DO UPDATE SET
    source_updated_at = excluded.source_updated_at,
    raw_memory        = excluded.raw_memory,
    rollout_summary   = excluded.rollout_summary,
    rollout_slug      = excluded.rollout_slug,
    generated_at      = excluded.generated_at
  WHERE excluded.source_updated_at >= stage1_outputs.source_updated_at`;

/**
 * Stores a successful phase-1 extraction (spec §2.10), in one transaction.
 *
 * Query behavior:
 * 1. Job row (kind stage1, `job_key = threadId`, `status = 'running'`, `ownership_token = token`) →
 *    `done`, lease cleared, `last_success_watermark = input_watermark`, outcome `succeeded`, chunk and
 *    token counts stored. No match → returns false and writes nothing (ownership lost).
 * 2. Upserts `stage1_outputs`, replacing the row only if `sourceUpdatedAt >=` the stored one;
 *    usage and phase-2 selection columns are preserved.
 * 3. Enqueues global consolidation with `sourceUpdatedAt`.
 * Returns true.
 */
export function completeStage1Job(db: Db, params: CompleteStage1JobParams): boolean {
  const now = params.now ?? nowSeconds();
  const tx = db.transaction((): boolean => {
    const finished = db.prepare(FINISH_JOB_SQL).run({
      threadId: params.threadId,
      token: params.token,
      now,
      chunkCount: params.chunkCount ?? null,
      inputTokens: params.inputTokens ?? null,
      outputTokens: params.outputTokens ?? null,
    });
    if (finished.changes === 0) return false;
    db.prepare(UPSERT_OUTPUT_SQL).run({
      threadId: params.threadId,
      sourceUpdatedAt: params.sourceUpdatedAt,
      rawMemory: params.rawMemory,
      rolloutSummary: params.rolloutSummary,
      rolloutSlug: params.rolloutSlug,
      now,
    });
    enqueueGlobalConsolidation(db, params.sourceUpdatedAt);
    return true;
  });
  return tx.immediate();
}

/** The spec's name for `completeStage1Job` (Codex `mark_stage1_job_succeeded`). */
export const markStage1Succeeded = completeStage1Job;

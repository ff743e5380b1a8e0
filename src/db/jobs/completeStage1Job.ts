import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { enqueueGlobalConsolidation } from "./enqueueGlobalConsolidation.js";
import { finishJob } from "./finishJob.js";

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
 * 1. `finishJob`: the owned running job row (kind stage1, `job_key = threadId`) → `done`, lease
 *    cleared, `last_success_watermark = input_watermark`, outcome `succeeded`, chunk and token
 *    counts stored. No match → returns false and writes nothing (ownership lost).
 * 2. Upserts `stage1_outputs`, replacing the row only if `sourceUpdatedAt >=` the stored one;
 *    usage and phase-2 selection columns are preserved.
 * 3. Enqueues global consolidation with `sourceUpdatedAt`.
 * Returns true.
 */
export function completeStage1Job(db: Db, params: CompleteStage1JobParams): boolean {
  const now = params.now ?? nowSeconds();
  const tx = db.transaction((): boolean => {
    const { threadId: jobKey, token, chunkCount, inputTokens, outputTokens } = params;
    const finished = finishJob(db, {
      kind: JOB_KIND_STAGE1, jobKey, token, outcome: "succeeded", successWatermark: null, chunkCount, inputTokens, outputTokens, now,
    });
    if (!finished) return false;
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

import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { enqueueGlobalConsolidation } from "./enqueueGlobalConsolidation.js";

export interface CompleteStage1JobNoOutputParams {
  threadId: string;
  token: string;
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
    outcome                = 'succeeded_no_output',
    chunk_count            = @chunkCount,
    input_tokens           = @inputTokens,
    output_tokens          = @outputTokens
  WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = @threadId AND status = 'running' AND ownership_token = @token
  RETURNING input_watermark`;

/**
 * Records a phase-1 run whose model found nothing worth remembering (spec §2.10 no-output variant).
 *
 * Query behavior (one transaction): the owned running job row → `done` with outcome
 * `succeeded_no_output` and `last_success_watermark = input_watermark` (so the same snapshot is not
 * re-extracted); no match → false, nothing written. Then deletes the thread's `stage1_outputs` row;
 * only if a row was deleted, enqueues global consolidation with the job's `input_watermark` (phase 2
 * must drop the memory). Returns true.
 */
export function completeStage1JobNoOutput(db: Db, params: CompleteStage1JobNoOutputParams): boolean {
  const now = params.now ?? nowSeconds();
  const tx = db.transaction((): boolean => {
    const finished = db.prepare(FINISH_JOB_SQL).get({
      threadId: params.threadId,
      token: params.token,
      now,
      chunkCount: params.chunkCount ?? null,
      inputTokens: params.inputTokens ?? null,
      outputTokens: params.outputTokens ?? null,
    }) as { input_watermark: number | null } | undefined;
    if (!finished) return false;
    const deleted = db.prepare("DELETE FROM stage1_outputs WHERE thread_id = ?").run(params.threadId);
    if (deleted.changes > 0) enqueueGlobalConsolidation(db, finished.input_watermark ?? now);
    return true;
  });
  return tx.immediate();
}

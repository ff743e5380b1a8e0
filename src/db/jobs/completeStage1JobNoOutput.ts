import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { enqueueGlobalConsolidation } from "./enqueueGlobalConsolidation.js";
import { finishJob } from "./finishJob.js";

export interface CompleteStage1JobNoOutputParams {
  threadId: string;
  token: string;
  chunkCount?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  now?: number;
}

/**
 * Records a phase-1 run whose model found nothing worth remembering (spec §2.10 no-output variant).
 *
 * Query behavior (one transaction): `finishJob` on the owned running job row → `done` with outcome
 * `succeeded_no_output` and `last_success_watermark = input_watermark` (so the same snapshot is not
 * re-extracted); no match → false, nothing written. Then deletes the thread's `stage1_outputs` row;
 * only if a row was deleted, enqueues global consolidation with the job's `input_watermark` (phase 2
 * must drop the memory). Returns true.
 */
export function completeStage1JobNoOutput(db: Db, params: CompleteStage1JobNoOutputParams): boolean {
  const now = params.now ?? nowSeconds();
  const tx = db.transaction((): boolean => {
    const { threadId: jobKey, token, chunkCount, inputTokens, outputTokens } = params;
    const finished = finishJob(db, {
      kind: JOB_KIND_STAGE1, jobKey, token, outcome: "succeeded_no_output", successWatermark: null, chunkCount, inputTokens, outputTokens, now,
    });
    if (!finished) return false;
    const deleted = db.prepare("DELETE FROM stage1_outputs WHERE thread_id = ?").run(params.threadId);
    if (deleted.changes > 0) enqueueGlobalConsolidation(db, finished.inputWatermark ?? now);
    return true;
  });
  return tx.immediate();
}

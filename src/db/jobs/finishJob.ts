import type { Db } from "../open.js";

export interface FinishJobParams {
  /** `JOB_KIND_STAGE1` or `JOB_KIND_GLOBAL`. */
  kind: string;
  /** Thread id, or `GLOBAL_JOB_KEY`. */
  jobKey: string;
  token: string;
  /** `jobs.outcome`: `succeeded`, `succeeded_no_output`, `succeeded_no_workspace_changes`, … */
  outcome: string;
  /** New `last_success_watermark` candidate; null = the claim's own `input_watermark` (stage 1). */
  successWatermark: number | null;
  chunkCount?: number | null | undefined;
  inputTokens?: number | null | undefined;
  outputTokens?: number | null | undefined;
  now: number;
}

const SQL = `
  UPDATE jobs SET
    status                 = 'done',
    finished_at            = @now,
    lease_until            = NULL,
    last_error             = NULL,
    last_error_class       = NULL,
    outcome                = @outcome,
    -- never moves backwards
    last_success_watermark = MAX(COALESCE(last_success_watermark, 0), COALESCE(@successWatermark, input_watermark)),
    chunk_count            = @chunkCount,
    input_tokens           = @inputTokens,
    output_tokens          = @outputTokens
  WHERE kind = @kind AND job_key = @jobKey AND status = 'running' AND ownership_token = @token
  RETURNING input_watermark`;

/**
 * The first write of every successful finish (completeStage1Job, completeStage1JobNoOutput,
 * completeGlobalJob), run inside their transaction.
 *
 * Query behavior: the running row of (`kind`, `jobKey`) that `token` owns → `done`, `finished_at =
 * now`, lease and last error cleared, `outcome` stored, `last_success_watermark = max(existing,
 * successWatermark ?? input_watermark)`, chunk and token counts stored (null when not given).
 * Returns the row's `input_watermark`, or undefined when the token owns no running row
 * (the lease was lost) and nothing was written.
 */
export function finishJob(db: Db, params: FinishJobParams): { inputWatermark: number | null } | undefined {
  const row = db.prepare(SQL).get({
    kind: params.kind,
    jobKey: params.jobKey,
    token: params.token,
    outcome: params.outcome,
    successWatermark: params.successWatermark,
    chunkCount: params.chunkCount ?? null,
    inputTokens: params.inputTokens ?? null,
    outputTokens: params.outputTokens ?? null,
    now: params.now,
  }) as { input_watermark: number | null } | undefined;
  return row ? { inputWatermark: row.input_watermark } : undefined;
}

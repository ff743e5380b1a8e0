import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1, STAGE1_RETRY_DELAY_SECONDS } from "./constants.js";

export interface FailStage1JobParams {
  threadId: string;
  token: string;
  /** Short machine-readable class: `model_error`, `parse_error`, `io_error`, … */
  errorClass: string;
  message: string;
  retryDelaySeconds?: number;
  now?: number;
}

const SQL = `
  UPDATE jobs SET
    status           = 'error',
    finished_at      = @now,
    lease_until      = NULL,
    retry_at         = @now + @retryDelay,
    retry_remaining  = MAX(retry_remaining - 1, 0),
    last_error       = @message,
    last_error_class = @errorClass,
    outcome          = 'failed'
  WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = @threadId AND status = 'running' AND ownership_token = @token`;

/**
 * Records a failed phase-1 run (spec §2.10 `mark_stage1_job_failed`).
 *
 * Query behavior: the owned running row (`ownership_token = token`) → `error`, `finished_at = now`,
 * lease cleared, `retry_at = now + retryDelaySeconds` (default 1 h), `retry_remaining` decremented
 * (floored at 0; Codex lets it go negative, which changes nothing), `last_error` and
 * `last_error_class` set, outcome `failed`. Returns false when the token no longer owns the row.
 */
export function failStage1Job(db: Db, params: FailStage1JobParams): boolean {
  const now = params.now ?? nowSeconds();
  const result = db.prepare(SQL).run({
    threadId: params.threadId,
    token: params.token,
    now,
    retryDelay: params.retryDelaySeconds ?? STAGE1_RETRY_DELAY_SECONDS,
    message: params.message,
    errorClass: params.errorClass,
  });
  return result.changes === 1;
}

import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1, STAGE1_RETRY_DELAY_SECONDS } from "./constants.js";
import { failJob } from "./failJob.js";

export interface FailStage1JobParams {
  threadId: string;
  token: string;
  /** Short machine-readable class: `model_error`, `parse_error`, `io_error`, … */
  errorClass: string;
  message: string;
  retryDelaySeconds?: number;
  now?: number;
}

/**
 * Records a failed phase-1 run (spec §2.10 `mark_stage1_job_failed`).
 *
 * Query behavior (`failJob`): the owned running row (`ownership_token = token`) → `error`,
 * `finished_at = now`, lease cleared, `retry_at = now + retryDelaySeconds` (default 1 h),
 * `retry_remaining` decremented (floored at 0), `last_error` and `last_error_class` set, outcome
 * `failed`. Returns false when the token no longer owns the row.
 */
export function failStage1Job(db: Db, params: FailStage1JobParams): boolean {
  return failJob(db, {
    kind: JOB_KIND_STAGE1,
    jobKey: params.threadId,
    token: params.token,
    errorClass: params.errorClass,
    message: params.message,
    retryDelaySeconds: params.retryDelaySeconds ?? STAGE1_RETRY_DELAY_SECONDS,
    now: params.now ?? nowSeconds(),
  });
}

import { nowSeconds, type Db } from "../open.js";
import { GLOBAL_JOB_KEY, GLOBAL_RETRY_DELAY_SECONDS, JOB_KIND_GLOBAL } from "./constants.js";
import { failJob } from "./failJob.js";

export interface FailGlobalJobParams {
  token: string;
  /** Phase-2 failure reason: `failed_prepare_workspace`, `failed_spawn_agent`, `ownership_lost`, … */
  errorClass: string;
  message: string;
  retryDelaySeconds?: number;
  now?: number;
}

/**
 * Records a failed phase 2 (spec §3.1.3 `mark_global_phase2_job_failed`).
 *
 * Query behavior (`failJob`): the running global row owned by `token` → `error`, `finished_at =
 * now`, lease cleared, `retry_at = now + retryDelaySeconds` (default 1 h), `retry_remaining =
 * max(n - 1, 0)`, `last_error`/`last_error_class`, outcome `failed`. Returns false when the token
 * does not own it; the caller may then try `failGlobalJobIfUnowned`.
 */
export function failGlobalJob(db: Db, params: FailGlobalJobParams): boolean {
  return failJob(db, globalFailure(params, false));
}

/** The `failJob` parameters of a phase-2 failure; `orUnowned` is what `failGlobalJobIfUnowned` adds. */
export function globalFailure(params: FailGlobalJobParams, orUnowned: boolean): Parameters<typeof failJob>[1] {
  return {
    kind: JOB_KIND_GLOBAL,
    jobKey: GLOBAL_JOB_KEY,
    token: params.token,
    errorClass: params.errorClass,
    message: params.message,
    retryDelaySeconds: params.retryDelaySeconds ?? GLOBAL_RETRY_DELAY_SECONDS,
    orUnowned,
    now: params.now ?? nowSeconds(),
  };
}

import { nowSeconds, type Db } from "../open.js";
import { GLOBAL_JOB_KEY, GLOBAL_RETRY_DELAY_SECONDS, JOB_KIND_GLOBAL } from "./constants.js";

export interface FailGlobalJobParams {
  token: string;
  /** Phase-2 failure reason: `failed_prepare_workspace`, `failed_spawn_agent`, `ownership_lost`, … */
  errorClass: string;
  message: string;
  retryDelaySeconds?: number;
  now?: number;
}

/** The failure update; `ownerCondition` is the only difference with the `_if_unowned` fallback. */
export function failGlobalJobSql(ownerCondition: string): string {
  return `
  UPDATE jobs SET
    status           = 'error',
    finished_at      = @now,
    lease_until      = NULL,
    retry_at         = @now + @retryDelay,
    retry_remaining  = MAX(retry_remaining - 1, 0),
    last_error       = @message,
    last_error_class = @errorClass,
    outcome          = 'failed'
  WHERE kind = '${JOB_KIND_GLOBAL}' AND job_key = '${GLOBAL_JOB_KEY}' AND status = 'running'
    AND ${ownerCondition}`;
}

/**
 * Records a failed phase 2 (spec §3.1.3 `mark_global_phase2_job_failed`).
 *
 * Query behavior: the running global row owned by `token` → `error`, `finished_at = now`, lease
 * cleared, `retry_at = now + retryDelaySeconds` (default 1 h), `retry_remaining = max(n - 1, 0)`,
 * `last_error`/`last_error_class`, outcome `failed`. Returns false when the token does not own it;
 * the caller may then try `failGlobalJobIfUnowned`.
 */
export function failGlobalJob(db: Db, params: FailGlobalJobParams): boolean {
  const now = params.now ?? nowSeconds();
  const result = db.prepare(failGlobalJobSql("ownership_token = @token")).run({
    token: params.token,
    now,
    retryDelay: params.retryDelaySeconds ?? GLOBAL_RETRY_DELAY_SECONDS,
    message: params.message,
    errorClass: params.errorClass,
  });
  return result.changes === 1;
}

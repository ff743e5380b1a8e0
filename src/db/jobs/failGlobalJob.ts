import { nowSeconds, type Db } from "../open.js";
import { GLOBAL_RETRY_DELAY_SECONDS } from "./constants.js";
import { failGlobalJobSql } from "./failGlobalJobSql.js";

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

import { nowSeconds, type Db } from "../open.js";
import { GLOBAL_RETRY_DELAY_SECONDS } from "./constants.js";
import type { FailGlobalJobParams } from "./failGlobalJob.js";
import { failGlobalJobSql } from "./failGlobalJobSql.js";

/**
 * Fallback of `failGlobalJob` (spec §3.1.3 `mark_global_phase2_job_failed_if_unowned`): recovers a
 * running global row stuck without an owner.
 *
 * Query behavior: the same update as `failGlobalJob`, on the running global row whose
 * `ownership_token = token OR ownership_token IS NULL`. Another worker's live claim is never
 * touched. Returns whether a row matched.
 */
export function failGlobalJobIfUnowned(db: Db, params: FailGlobalJobParams): boolean {
  const now = params.now ?? nowSeconds();
  const sql = failGlobalJobSql("(ownership_token = @token OR ownership_token IS NULL)");
  const result = db.prepare(sql).run({
    token: params.token,
    now,
    retryDelay: params.retryDelaySeconds ?? GLOBAL_RETRY_DELAY_SECONDS,
    message: params.message,
    errorClass: params.errorClass,
  });
  return result.changes === 1;
}

import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL } from "./constants.js";

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

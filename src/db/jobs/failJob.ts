import type { Db } from "../open.js";

export interface FailJobParams {
  /** `JOB_KIND_STAGE1` or `JOB_KIND_GLOBAL`. */
  kind: string;
  /** Thread id, or `GLOBAL_JOB_KEY`. */
  jobKey: string;
  token: string;
  /** Short machine-readable class: `model_error`, `parse_error`, `failed_spawn_agent`, … */
  errorClass: string;
  message: string;
  retryDelaySeconds: number;
  /** Also take a running row with no owner at all (`failGlobalJobIfUnowned`). */
  orUnowned?: boolean;
  now: number;
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
  WHERE kind = @kind AND job_key = @jobKey AND status = 'running'
    AND (ownership_token = @token OR (@orUnowned = 1 AND ownership_token IS NULL))`;

/**
 * Records a failed run of a leased job (the body of failStage1Job, failGlobalJob and
 * failGlobalJobIfUnowned).
 *
 * Query behavior: the running row of (`kind`, `jobKey`) that `token` owns (or, with `orUnowned`,
 * that nobody owns) → `error`, `finished_at = now`, lease cleared, `retry_at = now +
 * retryDelaySeconds`, `retry_remaining` decremented (floored at 0; Codex lets it go negative, which
 * changes nothing), `last_error`/`last_error_class` set, outcome `failed`. Another worker's live
 * claim is never touched. Returns whether a row matched (false: the lease was lost).
 */
export function failJob(db: Db, params: FailJobParams): boolean {
  const result = db.prepare(SQL).run({
    kind: params.kind,
    jobKey: params.jobKey,
    token: params.token,
    now: params.now,
    retryDelay: params.retryDelaySeconds,
    message: params.message,
    errorClass: params.errorClass,
    orUnowned: params.orUnowned ? 1 : 0,
  });
  return result.changes === 1;
}

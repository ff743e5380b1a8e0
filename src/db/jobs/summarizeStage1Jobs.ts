import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";

export interface Stage1JobSummary {
  /** Rows per outcome of their last finished run (`none` = never finished yet), largest first. */
  byOutcome: { outcome: string; count: number }[];
  /** Rows currently failed (`status = 'error'`) per error class, largest first. */
  byErrorClass: { errorClass: string; count: number }[];
  /** Rows running with a live lease (`lease_until > now`). */
  running: number;
  /** Rows left `running` with an expired lease (a crashed run): the next claim takes them over. */
  staleLeases: number;
  /** Failed rows that will be retried after their backoff (`retry_remaining > 0`). */
  failedRetrying: number;
  /** Failed rows with no retry left: retried only when the session's rollout changes. */
  failedExhausted: number;
}

const BY_OUTCOME_SQL = `
  SELECT COALESCE(outcome, 'none') AS outcome, COUNT(*) AS count FROM jobs
  WHERE kind = '${JOB_KIND_STAGE1}'
  GROUP BY 1 ORDER BY count DESC, outcome`;

const BY_ERROR_CLASS_SQL = `
  SELECT COALESCE(last_error_class, 'unknown') AS errorClass, COUNT(*) AS count FROM jobs
  WHERE kind = '${JOB_KIND_STAGE1}' AND status = 'error'
  GROUP BY 1 ORDER BY count DESC, errorClass`;

const STATES_SQL = `
  SELECT
    COALESCE(SUM(status = 'running' AND lease_until > @now), 0)                         AS running,
    COALESCE(SUM(status = 'running' AND (lease_until IS NULL OR lease_until <= @now)), 0) AS staleLeases,
    COALESCE(SUM(status = 'error' AND retry_remaining > 0), 0)                           AS failedRetrying,
    COALESCE(SUM(status = 'error' AND retry_remaining <= 0), 0)                          AS failedExhausted
  FROM jobs WHERE kind = '${JOB_KIND_STAGE1}'`;

/**
 * Phase-1 job counts for `engram status`.
 *
 * Query behavior: reads `memory_stage1` rows only (read-only, three aggregate queries over the
 * `(kind, status, …)` index). `byOutcome` groups every row by `outcome` (NULL → `none`);
 * `byErrorClass` groups rows with `status = 'error'` by `last_error_class` (NULL → `unknown`); both
 * ordered by count descending, then name. The state counts split `running` rows by lease liveness
 * at `now` and `error` rows by `retry_remaining`.
 */
export function summarizeStage1Jobs(db: Db, now: number = nowSeconds()): Stage1JobSummary {
  const byOutcome = db.prepare(BY_OUTCOME_SQL).all() as Stage1JobSummary["byOutcome"];
  const byErrorClass = db.prepare(BY_ERROR_CLASS_SQL).all() as Stage1JobSummary["byErrorClass"];
  const states = db.prepare(STATES_SQL).get({ now }) as Omit<Stage1JobSummary, "byOutcome" | "byErrorClass">;
  return { byOutcome, byErrorClass, ...states };
}

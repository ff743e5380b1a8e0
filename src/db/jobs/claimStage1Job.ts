import { randomUUID } from "node:crypto";
import { nowSeconds, type Db } from "../open.js";
import { DEFAULT_RETRY_REMAINING, JOB_KIND_STAGE1, STAGE1_LEASE_SECONDS } from "./constants.js";
import { hasLiveLease, LIVE_LEASE_SQL, TAKE_OWNERSHIP_SET_SQL } from "./claimSql.js";
import { isStage1UpToDate } from "./isStage1UpToDate.js";
import type { JobRow, Stage1ClaimOutcome } from "./types.js";

export interface ClaimStage1JobParams {
  threadId: string;
  workerId: string;
  /** `threads.updated_at` of the snapshot to extract (seconds). */
  sourceUpdatedAt: number;
  leaseSeconds?: number;
  /** Global cap on `memory_stage1` rows running with a live lease, across all processes. */
  maxRunningJobs: number;
  /** Retry budget written on insert and when the source advanced. */
  maxRetries?: number;
  now?: number;
}

const READ_JOB_SQL = `
  SELECT * FROM jobs WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = ?`;

const COUNT_LIVE_RUNNING_SQL = `
  SELECT COUNT(*) AS n FROM jobs
  WHERE kind = '${JOB_KIND_STAGE1}' AND status = 'running' AND lease_until > ?`;

const INSERT_SQL = `
  INSERT INTO jobs (kind, job_key, status, worker_id, ownership_token, started_at, finished_at,
                    lease_until, retry_at, retry_remaining, last_error, input_watermark,
                    last_success_watermark, attempts)
  VALUES ('${JOB_KIND_STAGE1}', @threadId, 'running', @workerId, @token, @now, NULL,
          @leaseUntil, NULL, @maxRetries, NULL, @source,
          NULL, 1)`;

// Every condition of the update branch (spec §2.2 step 3) is in the WHERE clause, so the row is
// only taken when all hold. SET expressions read the row's old values (input_watermark included).
const UPDATE_SQL = `
  UPDATE jobs SET ${TAKE_OWNERSHIP_SET_SQL},
    retry_remaining  = CASE WHEN @source > COALESCE(input_watermark, -1) THEN @maxRetries ELSE retry_remaining END,
    input_watermark  = @source
  WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = @threadId
    -- not actively running: a stale lease can be stolen
    AND NOT ${LIVE_LEASE_SQL}
    -- backoff elapsed, or the rollout changed since the last attempt
    AND (retry_at IS NULL OR retry_at <= @now OR @source > COALESCE(input_watermark, -1))
    -- retries remain, or the rollout changed
    AND (retry_remaining > 0 OR @source > COALESCE(input_watermark, -1))
    -- global cap, counting the OTHER live running rows
    AND (SELECT COUNT(*) FROM jobs AS other
         WHERE other.kind = '${JOB_KIND_STAGE1}' AND other.job_key != @threadId
           AND other.status = 'running' AND other.lease_until > @now) < @maxRunningJobs`;

/**
 * Claims the phase-1 job of one thread: a lease plus a fresh ownership token.
 *
 * Query behavior (one `BEGIN IMMEDIATE` transaction, so concurrent claimers serialise):
 * 1.–2. already extracted at this snapshot (`isStage1UpToDate`: an output row or the job's
 *    `last_success_watermark` at least as new) → `skipped_up_to_date`.
 * 3. No job row: insert `running` only if fewer than `maxRunningJobs` stage-1 rows hold a live lease
 *    (`lease_until > now`), else `skipped_cap_reached`. `attempts` = 1.
 * 4. Job row: update to `running` only when it is not live-running, its backoff elapsed or the source
 *    advanced (`sourceUpdatedAt > input_watermark`), retries remain or the source advanced, and fewer
 *    than `maxRunningJobs` OTHER rows are live-running. Bumps `attempts`; resets `retry_remaining` to
 *    `maxRetries` when the source advanced; sets `input_watermark = sourceUpdatedAt`.
 * 5. A refused update is explained, in this order: retries exhausted → `skipped_retry_exhausted`;
 *    backoff pending → `skipped_retry_backoff`; live lease → `skipped_running`; otherwise the cap
 *    → `skipped_cap_reached` (Codex reports this as SkippedRunning).
 * Returns `claimed` with the new token when a row was written.
 */
export function claimStage1Job(db: Db, params: ClaimStage1JobParams): Stage1ClaimOutcome {
  const now = params.now ?? nowSeconds();
  const source = params.sourceUpdatedAt;
  const values = {
    threadId: params.threadId,
    workerId: params.workerId,
    token: randomUUID(),
    now,
    leaseUntil: now + (params.leaseSeconds ?? STAGE1_LEASE_SECONDS),
    maxRetries: params.maxRetries ?? DEFAULT_RETRY_REMAINING,
    maxRunningJobs: params.maxRunningJobs,
    source,
  };
  const claim = db.transaction((): Stage1ClaimOutcome => {
    if (isStage1UpToDate(db, params.threadId, source)) return { kind: "skipped_up_to_date" };
    const job = db.prepare(READ_JOB_SQL).get(params.threadId) as JobRow | undefined;
    if (!job) {
      const { n } = db.prepare(COUNT_LIVE_RUNNING_SQL).get(now) as { n: number };
      if (n >= params.maxRunningJobs) return { kind: "skipped_cap_reached" };
      db.prepare(INSERT_SQL).run(values);
      return { kind: "claimed", ownershipToken: values.token };
    }
    if (db.prepare(UPDATE_SQL).run(values).changes === 1) return { kind: "claimed", ownershipToken: values.token };
    return explainRefusal(job, source, now);
  });
  return claim.immediate();
}

function explainRefusal(job: JobRow, source: number, now: number): Stage1ClaimOutcome {
  const advanced = source > (job.input_watermark ?? -1);
  if (!advanced && job.retry_remaining <= 0) return { kind: "skipped_retry_exhausted" };
  if (!advanced && job.retry_at !== null && job.retry_at > now) return { kind: "skipped_retry_backoff" };
  if (hasLiveLease(job, now)) return { kind: "skipped_running" };
  return { kind: "skipped_cap_reached" };
}

/**
 * Constants of engram's job system (the `jobs` table). Values follow Codex (codex-memories-spec §9)
 * unless a comment says otherwise.
 */

/** `jobs.kind` of a phase-1 extraction job; one row per thread, `job_key` = thread id. */
export const JOB_KIND_STAGE1 = "memory_stage1";

/** `jobs.kind` of the phase-2 consolidation job; a singleton row with `job_key` = GLOBAL_JOB_KEY. */
export const JOB_KIND_GLOBAL = "memory_consolidate_global";

/** `jobs.job_key` of the singleton phase-2 row. */
export const GLOBAL_JOB_KEY = "global";

/**
 * Failures a job may have before it stops being retried. A stage-1 job that used them all is
 * retried again only when its rollout changes (the source advanced), which resets the budget.
 */
export const DEFAULT_RETRY_REMAINING = 3;

/** Lease of a phase-1 claim. An hour: a model call on a huge rollout can take many minutes. */
export const STAGE1_LEASE_SECONDS = 3_600;

/** Backoff after a failed phase-1 job: an hour, so a broken model endpoint is not hammered. */
export const STAGE1_RETRY_DELAY_SECONDS = 3_600;

/** Lease of the phase-2 lock; kept alive by heartbeats every GLOBAL_HEARTBEAT_SECONDS. */
export const GLOBAL_LEASE_SECONDS = 3_600;

/** Heartbeat interval of a running phase-2 agent (Codex JOB_HEARTBEAT_SECONDS). */
export const GLOBAL_HEARTBEAT_SECONDS = 90;

/** Backoff after a failed phase 2. */
export const GLOBAL_RETRY_DELAY_SECONDS = 3_600;

/** At most one successful phase 2 per 6 hours: consolidation is the expensive step. `force` skips it. */
export const PHASE2_SUCCESS_COOLDOWN_SECONDS = 6 * 60 * 60;

/**
 * Threads looked at per phase-1 pass, newest first, BEFORE the up-to-date probe (Codex
 * THREAD_SCAN_LIMIT). Bounds the work of a pass; up-to-date threads inside the window use it up.
 */
export const THREAD_SCAN_LIMIT = 5_000;

/** Stage-1 rows deleted per retention-pruning call (Codex PRUNE_BATCH_SIZE). */
export const PRUNE_BATCH_SIZE = 200;

/** Seconds in a day and an hour, for the day/hour config keys. */
export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_HOUR = 3_600;

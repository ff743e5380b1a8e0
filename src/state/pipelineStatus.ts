/**
 * The pipeline part of `engram status`: where phase 1 and phase 2 stand, read from the state DB.
 * Read-only. Eligibility uses phase 1's own candidate query, so "waiting" means what the next
 * `engram extract` would pick up.
 */
import type { Db } from "../db/open.js";
import { listStage1Candidates } from "../db/jobs/listStage1Candidates.js";
import { getStage1JobsByThreadIds } from "../db/jobs/getStage1JobsByThreadIds.js";
import { summarizeStage1Jobs, type Stage1JobSummary } from "../db/jobs/summarizeStage1Jobs.js";
import { listRecentStage1Failures, type Stage1Failure } from "../db/jobs/listRecentStage1Failures.js";
import { getGlobalJob } from "../db/jobs/getGlobalJob.js";
import type { ClaimedThread, JobRow } from "../db/jobs/types.js";
import { SECONDS_PER_HOUR, THREAD_SCAN_LIMIT } from "../db/jobs/constants.js";
import { countIneligibleThreads, type IneligibleThreadCounts } from "../db/jobs/countIneligibleThreads.js";

/** Failures listed by `engram status` (the JSON and the text alike): enough to see a pattern. */
export const STATUS_RECENT_FAILURES = 5;

/** The `[memories]` settings status needs (passed in: `state/` does not read config). */
export interface PipelineSettings {
  allowedSources: readonly string[];
  maxAgeDays: number;
  minIdleHours: number;
  cooldownSeconds: number;
}

export interface SessionsWaiting {
  /** Eligible now: the next `engram extract` (or `update`) extracts them. */
  ready: number;
  /** Eligible once idle for `minIdleHours` (the session may still be going). */
  notIdleYet: number;
  /** When the first not-yet-idle session becomes eligible (Unix seconds), or null. */
  nextIdleAt: number | null;
}

export interface ConsolidationStatus {
  /**
   * `never` before the first run; `running` while a live lease is held; `interrupted` when a run died
   * holding the lock (its lease expired: the next run takes over); `pending` after an enqueue; else the
   * last run's outcome (`succeeded`, `succeeded_no_workspace_changes`, `succeeded_no_input`, `failed`).
   */
  state: string;
  lastFinishedAt: number | null;
  lastErrorClass: string | null;
  lastError: string | null;
  /** Earliest time `engram update` will consolidate again (cooldown or retry backoff); null = any time. */
  nextAllowedAt: number | null;
  /** Why `nextAllowedAt` is in the future. */
  nextAllowedReason: "cooldown" | "retry_backoff" | "running" | null;
  leaseUntil: number | null;
}

/** Sessions phase 1 will not extract, by the first rule they fail (idle time excluded: see `waiting`). */
export interface SessionsExcluded extends IneligibleThreadCounts {
  minIdleHours: number;
  maxAgeDays: number;
}

export interface PipelineStatus {
  phase1: Stage1JobSummary & { recentFailures: Stage1Failure[]; waiting: SessionsWaiting; excluded: SessionsExcluded };
  consolidation: ConsolidationStatus;
}

export function getPipelineStatus(db: Db, settings: PipelineSettings, now: number): PipelineStatus {
  const candidates = listStage1Candidates(db, {
    allowedSources: settings.allowedSources,
    maxAgeDays: settings.maxAgeDays,
    minIdleHours: settings.minIdleHours,
    ignoreIdle: true,
    scanLimit: THREAD_SCAN_LIMIT,
    now,
  });
  const jobs = getStage1JobsByThreadIds(db, candidates.map((c) => c.id));
  return {
    phase1: {
      ...summarizeStage1Jobs(db, now),
      recentFailures: listRecentStage1Failures(db, STATUS_RECENT_FAILURES),
      waiting: classifyWaiting(candidates, jobs, settings.minIdleHours, now),
      excluded: {
        ...countIneligibleThreads(db, {
          allowedSources: settings.allowedSources,
          maxAgeDays: settings.maxAgeDays,
          minIdleHours: settings.minIdleHours,
          ignoreIdle: true,
          now,
        }),
        minIdleHours: settings.minIdleHours,
        maxAgeDays: settings.maxAgeDays,
      },
    },
    consolidation: consolidationStatus(getGlobalJob(db), settings.cooldownSeconds, now),
  };
}

/**
 * Which not-yet-extracted sessions are waiting, mirroring the claim's rules: a session whose job is
 * running, in backoff or out of retries (and whose rollout did not change since) is not waiting; it
 * shows up in the job counts instead. Pure.
 */
export function classifyWaiting(
  candidates: readonly ClaimedThread[],
  jobs: ReadonlyMap<string, JobRow>,
  minIdleHours: number,
  now: number,
): SessionsWaiting {
  const idleSeconds = Math.max(0, minIdleHours) * SECONDS_PER_HOUR;
  const out: SessionsWaiting = { ready: 0, notIdleYet: 0, nextIdleAt: null };
  for (const c of candidates) {
    const job = jobs.get(c.id);
    if (job) {
      const advanced = c.updatedAt > (job.input_watermark ?? -1);
      if (job.status === "running" && job.lease_until !== null && job.lease_until > now) continue;
      if (!advanced && job.retry_remaining <= 0) continue;
      if (!advanced && job.retry_at !== null && job.retry_at > now) continue;
    }
    const idleAt = c.updatedAt + idleSeconds;
    if (idleAt <= now) out.ready++;
    else {
      out.notIdleYet++;
      out.nextIdleAt = out.nextIdleAt === null ? idleAt : Math.min(out.nextIdleAt, idleAt);
    }
  }
  return out;
}

/** The consolidation row read as the claim reads it (see `claimGlobalJob`). Pure. */
export function consolidationStatus(row: JobRow | null, cooldownSeconds: number, now: number): ConsolidationStatus {
  if (!row) {
    return { state: "never", lastFinishedAt: null, lastErrorClass: null, lastError: null, nextAllowedAt: null, nextAllowedReason: null, leaseUntil: null };
  }
  const running = row.status === "running" && row.lease_until !== null && row.lease_until > now;
  let nextAllowedAt: number | null = null;
  let nextAllowedReason: ConsolidationStatus["nextAllowedReason"] = null;
  if (running) {
    nextAllowedAt = row.lease_until;
    nextAllowedReason = "running";
  } else if (row.retry_at !== null && row.retry_at > now) {
    nextAllowedAt = row.retry_at;
    nextAllowedReason = "retry_backoff";
  } else if (row.last_error === null && row.finished_at !== null && row.finished_at + cooldownSeconds > now) {
    nextAllowedAt = row.finished_at + cooldownSeconds;
    nextAllowedReason = "cooldown";
  }
  return {
    state: running ? "running" : row.status === "running" ? "interrupted" : (row.outcome ?? (row.status === "pending" ? "pending" : "never")),
    lastFinishedAt: row.finished_at,
    lastErrorClass: row.last_error_class,
    lastError: row.last_error,
    nextAllowedAt,
    nextAllowedReason,
    leaseUntil: row.lease_until,
  };
}

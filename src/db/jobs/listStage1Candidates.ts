import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1, SECONDS_PER_DAY, SECONDS_PER_HOUR, THREAD_SCAN_LIMIT } from "./constants.js";
import type { ClaimedThread } from "./types.js";

export interface ListStage1CandidatesParams {
  /** `threads.source` values allowed (Codex: interactive sessions, `cli` and `vscode`). */
  allowedSources: readonly string[];
  /** Threads whose last activity is older than this are skipped. */
  maxAgeDays: number;
  /** Threads active more recently than this are skipped (the session may still be going). */
  minIdleHours: number;
  /** Skip the idle filter (e.g. `engram extract --now`). */
  ignoreIdle?: boolean;
  /** Restrict to these thread ids (e.g. `engram extract --thread <id>`). */
  threadIds?: readonly string[];
  /** Skip the `allowedSources` filter (threads the user named explicitly, e.g. an `exec` session).
   *  Sub-agent and consolidation sessions stay excluded. */
  ignoreSources?: boolean;
  /** Threads scanned before the up-to-date probe. */
  scanLimit?: number;
  now?: number;
}

interface CandidateRow {
  id: string;
  rollout_path: string;
  cwd: string;
  git_branch: string | null;
  updated_at: number;
  source: string;
}

// Step 1 (`scanned`): the filtered thread scan, newest first, bounded by the scan limit.
// Step 2: the up-to-date probe on the scanned rows only. Keeping the LIMIT before the probe is
// Codex's semantics: up-to-date threads inside the window use it up (scan cost stays bounded).
const SQL = `
  WITH scanned AS (
    SELECT id, rollout_path, cwd, git_branch, updated_at, source
    FROM threads
    WHERE memory_mode = 'enabled'
      AND archived = 0
      AND missing = 0
      AND (@ignoreSources = 1 OR source IN (SELECT value FROM json_each(@allowedSources)))
      AND source NOT LIKE 'subagent%'
      AND source NOT LIKE 'internal%'
      AND COALESCE(thread_source, 'user') NOT IN ('subagent', 'memory_consolidation')
      AND (@ignoreIdle = 1 OR updated_at <= @idleCutoff)
      AND updated_at >= @ageCutoff
      AND (@threadIds IS NULL OR id IN (SELECT value FROM json_each(@threadIds)))
    ORDER BY updated_at DESC, id DESC
    LIMIT @scanLimit
  )
  SELECT scanned.*
  FROM scanned
  LEFT JOIN stage1_outputs AS o ON o.thread_id = scanned.id
  LEFT JOIN jobs AS j ON j.kind = '${JOB_KIND_STAGE1}' AND j.job_key = scanned.id
  WHERE (o.source_updated_at IS NULL OR o.source_updated_at < scanned.updated_at)
    AND (j.last_success_watermark IS NULL OR j.last_success_watermark < scanned.updated_at)
  ORDER BY scanned.updated_at DESC, scanned.id DESC`;

/**
 * The named parameters of the eligibility rules, shared by every query that applies them
 * (`listStage1Candidates`, `countIneligibleThreads`) so they always agree on the cutoffs.
 */
export function eligibilityBindings(params: ListStage1CandidatesParams): Record<string, string | number | null> {
  const now = params.now ?? nowSeconds();
  return {
    allowedSources: JSON.stringify(params.allowedSources),
    ignoreIdle: params.ignoreIdle ? 1 : 0,
    ignoreSources: params.ignoreSources ? 1 : 0,
    idleCutoff: now - Math.max(0, params.minIdleHours) * SECONDS_PER_HOUR,
    ageCutoff: now - Math.max(0, params.maxAgeDays) * SECONDS_PER_DAY,
    threadIds: params.threadIds ? JSON.stringify(params.threadIds) : null,
  };
}

/**
 * Threads that phase 1 may extract, newest first.
 *
 * Query behavior:
 * - Filters `threads`: `memory_mode = 'enabled'`, not archived, not missing, `source` in
 *   `allowedSources` (unless `ignoreSources`), not a sub-agent or consolidation session (`source` not `subagent…`/`internal…`,
 *   `thread_source` not `subagent`/`memory_consolidation`), `updated_at <= now - minIdleHours`
 *   (unless `ignoreIdle`), `updated_at >= now - maxAgeDays`, and `id IN threadIds` when given.
 * - Orders `updated_at DESC, id DESC` and keeps the first `scanLimit` rows (default 5 000).
 * - THEN drops threads already extracted at this `updated_at` (`stage1_outputs.source_updated_at`
 *   or the job's `last_success_watermark` >= `updated_at`). So the result can be shorter than the
 *   number of stale threads: the scan limit bounds the scan, not the result.
 * Returns the rows' metadata. It takes no claim: `claimStage1Job` re-checks everything.
 */
export function listStage1Candidates(db: Db, params: ListStage1CandidatesParams): ClaimedThread[] {
  const rows = db.prepare(SQL).all({
    ...eligibilityBindings(params),
    scanLimit: params.scanLimit ?? THREAD_SCAN_LIMIT,
  }) as CandidateRow[];
  return rows.map((r) => ({
    id: r.id,
    rolloutPath: r.rollout_path,
    cwd: r.cwd,
    gitBranch: r.git_branch,
    updatedAt: r.updated_at,
    source: r.source,
  }));
}

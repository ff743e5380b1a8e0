import type { Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { eligibilityBindings, type ListStage1CandidatesParams } from "./listStage1Candidates.js";

/** Threads phase 1 will not extract now, by the first eligibility rule each one fails. */
export interface IneligibleThreadCounts {
  /** `memory_mode` is not `enabled` (memories switched off for the session). */
  disabled: number;
  archived: number;
  /** The rollout file is gone. */
  missing: number;
  /** Sub-agent or memory-consolidation sessions: never extracted on their own. */
  subagent: number;
  /** `source` not in `allowed_sources` (e.g. `exec`). */
  sourceNotAllowed: number;
  /** The distinct sources counted in `sourceNotAllowed`, sorted. */
  notAllowedSources: string[];
  /** Last activity older than `max_rollout_age_days`. */
  tooOld: number;
  /** Active within `min_rollout_idle_hours` (skipped unless `ignoreIdle`). */
  notIdle: number;
  /** Extracted already at their current `updated_at`. */
  upToDate: number;
}

type Bucket = Exclude<keyof IneligibleThreadCounts, "notAllowedSources">;

// One CASE per thread, in the order listStage1Candidates applies its rules; the first rule a thread
// fails names its bucket, eligible threads get NULL and are not counted. No scan limit: this explains
// the whole table.
const SQL = `
  SELECT bucket, source, COUNT(*) AS n FROM (
    SELECT t.source AS source, CASE
      WHEN t.memory_mode != 'enabled' THEN 'disabled'
      WHEN t.archived != 0 THEN 'archived'
      WHEN t.missing != 0 THEN 'missing'
      WHEN t.source LIKE 'subagent%' OR t.source LIKE 'internal%'
        OR COALESCE(t.thread_source, 'user') IN ('subagent', 'memory_consolidation') THEN 'subagent'
      WHEN @ignoreSources = 0 AND t.source NOT IN (SELECT value FROM json_each(@allowedSources)) THEN 'sourceNotAllowed'
      WHEN t.updated_at < @ageCutoff THEN 'tooOld'
      WHEN @ignoreIdle = 0 AND t.updated_at > @idleCutoff THEN 'notIdle'
      WHEN (o.source_updated_at IS NOT NULL AND o.source_updated_at >= t.updated_at)
        OR (j.last_success_watermark IS NOT NULL AND j.last_success_watermark >= t.updated_at) THEN 'upToDate'
    END AS bucket
    FROM threads AS t
    LEFT JOIN stage1_outputs AS o ON o.thread_id = t.id
    LEFT JOIN jobs AS j ON j.kind = '${JOB_KIND_STAGE1}' AND j.job_key = t.id
    WHERE @threadIds IS NULL OR t.id IN (SELECT value FROM json_each(@threadIds))
  )
  WHERE bucket IS NOT NULL
  GROUP BY bucket, source`;

/**
 * Why threads are not phase-1 candidates, with counts, so "0 sessions" can say why.
 *
 * Query behavior: read-only. Same parameters and rules as `listStage1Candidates` (memory mode,
 * archived, missing, sub-agent/consolidation, `allowedSources` unless `ignoreSources`, age, idle
 * unless `ignoreIdle`, then the up-to-date probe on `stage1_outputs`/the job's success watermark),
 * restricted to `threadIds` when given. Each thread is counted once, under the FIRST rule it fails.
 * The scan limit is ignored.
 */
export function countIneligibleThreads(db: Db, params: ListStage1CandidatesParams): IneligibleThreadCounts {
  const rows = db.prepare(SQL).all(eligibilityBindings(params)) as { bucket: Bucket; source: string; n: number }[];
  const counts: IneligibleThreadCounts = {
    disabled: 0, archived: 0, missing: 0, subagent: 0, sourceNotAllowed: 0, notAllowedSources: [], tooOld: 0, notIdle: 0, upToDate: 0,
  };
  for (const r of rows) {
    counts[r.bucket] += r.n;
    if (r.bucket === "sourceNotAllowed") counts.notAllowedSources.push(r.source);
  }
  counts.notAllowedSources.sort();
  return counts;
}

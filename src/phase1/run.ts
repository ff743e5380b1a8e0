/**
 * `runPhase1`: the phase-1 runner behind `engram extract` (and `engram update`).
 *
 * Steps:
 * 1. Open the state DB and a logger; check `threadIds` exist (EngramError listing the unknown ones);
 *    `generate_memories = false` stops here (summary `off`, nothing listed or claimed); a dry run stops here (dryRun.ts: same eligibility, no claim, no model call, estimates).
 *    Build the extraction client (createModelClient, role "extract").
 * 2. List candidates once (listStage1Candidates: eligibility in SQL, newest first, scan limit 5 000,
 *    `ignoreIdle`, `threadIds`). Claim them one at a time as pool slots free up — at most
 *    `extraction_concurrency` jobs run here, under the global `max_running_stage1_jobs` cap shared
 *    with every other process — so N jobs take about N / concurrency rounds of model latency and no
 *    claim sits idle holding a lease.
 * 3. Each claimed job runs in runJob.ts (extract, heartbeat, record success / no output / failure).
 *    Claim refusals are counted as skips by reason. `skipped_cap_reached` with jobs of our own running
 *    waits for one of them to finish; with none, the cap is held by other processes and the rest of
 *    the list is reported as skipped (cap reached).
 * 4. `wait` with `threadIds`: a targeted thread running elsewhere (or blocked by the cap) is re-tried
 *    every WAIT_POLL_MS until it is done elsewhere (then reported skipped up-to-date / backoff) or its
 *    lease expires (then claimed and run here). Without `wait` it is reported as skipped.
 * 5. Return the summary: counts, skips by reason, tokens, time, one report per job.
 */
import { randomUUID } from "node:crypto";
import { claimStage1Job } from "../db/jobs/claimStage1Job.js";
import { THREAD_SCAN_LIMIT } from "../db/jobs/constants.js";
import { countIneligibleThreads } from "../db/jobs/countIneligibleThreads.js";
import { isStage1UpToDate } from "../db/jobs/isStage1UpToDate.js";
import { listStage1Candidates } from "../db/jobs/listStage1Candidates.js";
import type { ClaimedThread } from "../db/jobs/types.js";
import type { Db } from "../db/open.js";
import { openStateDb } from "../db/stateDb.js";
import { getThreadsByIds } from "../db/threads/getThreadsByIds.js";
import { EngramError, errorMessage } from "../errors.js";
import { addUsage, emptyUsage } from "../model/types.js";
import { createLogger, type Logger } from "../log/logger.js";
import { createModelClient } from "../model/client.js";
import { WAIT_POLL_MS } from "./constants.js";
import { dryRunPhase1 } from "./dryRun.js";
import { runJob, type RunJobContext } from "./runJob.js";
import { emptySummary, type Phase1JobReport, type Phase1SkipReason, type Phase1Summary, type RunPhase1Options } from "./runTypes.js";

export * from "./runTypes.js";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });

export async function runPhase1(options: RunPhase1Options): Promise<Phase1Summary> {
  const started = performance.now();
  const db = openStateDb(options.home);
  const logger = options.logger ?? createLogger({ home: options.home, target: "phase1", ...(options.env ? { env: options.env } : {}) });
  try {
    const summary = await run(db, logger, options);
    summary.elapsedMs = performance.now() - started;
    logger.info(
      `phase 1: ${summary.claimed} claimed, ${summary.succeeded} succeeded, ${summary.succeededNoOutput} no output, ` +
        `${summary.failed} failed; ${summary.usage.inputTokens} tokens in, ${summary.usage.outputTokens} out`,
    );
    return summary;
  } finally {
    if (options.logger) logger.flush();
    else logger.close();
    db.close();
  }
}

function checkThreadIds(db: Db, ids: readonly string[]): void {
  const found = new Set(getThreadsByIds(db, ids).map((t) => t.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new EngramError("unknown_thread", `unknown thread id${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      hint: "list known threads with `engram threads` (run `engram index` first if the session is new)",
    });
  }
}

async function run(db: Db, logger: Logger, options: RunPhase1Options): Promise<Phase1Summary> {
  const m = options.config.memories;
  const clock = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(clock() / 1000);
  const emit = options.onEvent ?? (() => {});
  const threadIds = options.threadIds && options.threadIds.length > 0 ? [...new Set(options.threadIds)] : undefined;
  if (threadIds) checkThreadIds(db, threadIds);
  if (!m.generate_memories) {
    logger.info("phase 1: off (memories.generate_memories = false), nothing extracted");
    return { ...emptySummary(), off: "generate_memories" };
  }

  // Step 1 (dry run): no client needed, so no API key either.
  const listParams = {
    allowedSources: m.allowed_sources,
    maxAgeDays: m.max_rollout_age_days,
    minIdleHours: m.min_rollout_idle_hours,
    scanLimit: THREAD_SCAN_LIMIT,
    ...(options.ignoreIdle ? { ignoreIdle: true } : {}),
    // A thread the user names is extracted whatever its source (e.g. an `exec` session, which is
    // never mined on its own): asking for it explicitly is the opt-in.
    ...(threadIds ? { threadIds, ignoreSources: true } : {}),
  };
  const ineligible = { ...countIneligibleThreads(db, { ...listParams, now: nowSeconds() }), minIdleHours: m.min_rollout_idle_hours, maxAgeDays: m.max_rollout_age_days };
  if (options.dryRun) return { ...(await dryRunPhase1(db, options.config, listParams, nowSeconds(), threadIds)), ineligible };

  // Step 2: candidates (listed before the client: with none, no API key is needed to say so).
  const queue: ClaimedThread[] = listStage1Candidates(db, { ...listParams, now: nowSeconds() });
  if (queue.length === 0 && !threadIds) return { ...emptySummary(), model: options.client?.model ?? m.extract_model, ineligible };
  const client = options.client ?? createModelClient(options.config, { role: "extract", ...(options.env ? { env: options.env } : {}) });
  const summary = emptySummary();
  summary.model = client.model;
  summary.ineligible = ineligible;
  const workerId = randomUUID();
  const ctx: RunJobContext = {
    db, client, memories: m, nowSeconds,
    heartbeatMs: options.heartbeatMs ?? m.heartbeat_seconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
  };

  // Then targeted threads the filter excluded.
  const total = queue.length;
  const skip = (threadId: string, reason: Phase1SkipReason) => {
    summary.skipped[reason] += 1;
    if (threadIds) summary.skippedThreads.push({ threadId, reason });
    emit({ type: "skipped", threadId, reason });
    logger.info(`phase 1: skipped (${reason})`, { threadId });
  };
  if (threadIds) {
    const listed = new Set(queue.map((t) => t.id));
    for (const id of threadIds) if (!listed.has(id)) skip(id, isUpToDate(db, id) ? "skipped_up_to_date" : "not_eligible");
  }

  const active = new Set<Promise<void>>();
  const waiting: ClaimedThread[] = [];
  let done = 0;
  const progress = () => emit({ type: "progress", done, total, running: active.size });
  const finish = (job: Phase1JobReport) => {
    summary.jobs.push(job);
    summary.usage = addUsage(summary.usage, job.usage);
    if (job.outcome === "succeeded") summary.succeeded += 1;
    else if (job.outcome === "succeeded_no_output") summary.succeededNoOutput += 1;
    else summary.failed += 1;
    emit({ type: job.outcome, threadId: job.threadId, job });
    const tokens = `${job.chunks} chunk(s), ${job.usage.inputTokens} tokens in, ${job.usage.outputTokens} out`;
    if (job.outcome === "failed") logger.warn(`phase 1: failed (${job.errorClass}): ${job.message}`, { threadId: job.threadId });
    else logger.info(`phase 1: ${job.outcome} (${tokens})`, { threadId: job.threadId });
    if (job.badLines > 0) logger.warn(`phase 1: ${job.badLines} unreadable rollout line(s) skipped`, { threadId: job.threadId });
  };
  const canWait = (t: ClaimedThread) => options.wait === true && threadIds !== undefined && threadIds.includes(t.id);

  for (;;) {
    // Step 2: claim while a slot is free.
    while (active.size < m.extraction_concurrency && queue.length > 0 && !options.signal?.aborted) {
      const thread = queue.shift()!;
      const outcome = claimStage1Job(db, {
        threadId: thread.id, workerId, sourceUpdatedAt: thread.updatedAt,
        maxRunningJobs: m.max_running_stage1_jobs, leaseSeconds: m.lease_seconds, maxRetries: m.max_retries, now: nowSeconds(),
      });
      if (outcome.kind === "claimed") {
        summary.claimed += 1;
        emit({ type: "claimed", threadId: thread.id });
        logger.info("phase 1: claimed", { threadId: thread.id });
        // Step 3.
        const job: Promise<void> = runJob(ctx, { thread, ownershipToken: outcome.ownershipToken }).catch((error: unknown) => {
          // runJob records every job failure itself; reaching here means the DB write of the outcome
          // failed. The row keeps its lease and is retried by whoever claims it after the lease expires.
          return internalFailure(thread.id, error);
        }).then((report) => {
          active.delete(job);
          done += 1;
          finish(report);
          progress();
        });
        active.add(job);
        progress();
      } else if (outcome.kind === "skipped_cap_reached" && active.size > 0) {
        queue.unshift(thread); // a slot of ours frees up soon; try again then
        break;
      } else if ((outcome.kind === "skipped_running" || outcome.kind === "skipped_cap_reached") && canWait(thread)) {
        waiting.push(thread); // Step 4.
      } else if (outcome.kind === "skipped_cap_reached") {
        for (const t of [thread, ...queue.splice(0)]) {
          if (canWait(t)) waiting.push(t);
          else { done += 1; skip(t.id, "skipped_cap_reached"); }
        }
      } else {
        done += 1;
        skip(thread.id, outcome.kind);
        progress();
      }
    }
    if (active.size > 0) {
      await Promise.race(active);
      continue;
    }
    // Here nothing runs and the queue is empty (or the run was interrupted).
    if (waiting.length === 0 || options.signal?.aborted) break;
    await sleep(options.waitPollMs ?? WAIT_POLL_MS, options.signal);
    queue.push(...waiting.splice(0));
  }
  for (const t of waiting) skip(t.id, "skipped_running"); // only left here when interrupted
  return summary;
}

function internalFailure(threadId: string, error: unknown): Phase1JobReport {
  return {
    threadId, outcome: "failed", errorClass: "internal_error",
    message: `could not record the job's outcome (${errorMessage(error)}); it is retried after its lease expires`,
    chunks: 0, requests: 0, badLines: 0, usage: emptyUsage(), elapsedMs: 0,
  };
}

/** A targeted thread the candidate list dropped: already extracted at its current snapshot? */
function isUpToDate(db: Db, threadId: string): boolean {
  const thread = getThreadsByIds(db, [threadId])[0];
  if (!thread) return false;
  return isStage1UpToDate(db, threadId, thread.updatedAt);
}

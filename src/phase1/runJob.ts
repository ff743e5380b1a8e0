/**
 * One claimed stage-1 job, start to finish: extract (extractOne.ts) under a lease kept alive by
 * heartbeats, then record the outcome on the job row with the claim's ownership token.
 *
 * Steps:
 * 1. Heartbeat every `heartbeatMs`; a heartbeat that no longer matches (lease expired and taken over)
 *    aborts the extraction: the job is `ownership_lost` and its result is discarded.
 * 2. Extract. A memory → completeStage1Job (stage1_outputs row + job done); the empty sentinel →
 *    completeStage1JobNoOutput (no row). Chunk count and tokens are stored either way.
 * 3. Any failure → failStage1Job with its class and redacted message; retry after retry_delay_seconds
 *    (`interrupted`, i.e. the user stopped engram, is retryable at once).
 * 4. A finaliser that matches no row → `ownership_lost` (nothing was written).
 */
import type { Db } from "../db/open.js";
import { completeStage1Job } from "../db/jobs/completeStage1Job.js";
import { completeStage1JobNoOutput } from "../db/jobs/completeStage1JobNoOutput.js";
import { JOB_KIND_STAGE1 } from "../db/jobs/constants.js";
import { failStage1Job } from "../db/jobs/failStage1Job.js";
import { heartbeatJob } from "../db/jobs/heartbeatJob.js";
import type { Stage1Claim } from "../db/jobs/claimStage1Jobs.js";
import type { MemoriesConfig } from "../config/schema.js";
import type { ModelClient } from "../model/types.js";
import { extractOne, newTally } from "./extractOne.js";
import { classifyJobError, JobFailure, type ClassifiedFailure } from "./jobFailure.js";
import type { Phase1JobReport } from "./runTypes.js";

export interface RunJobContext {
  db: Db;
  client: ModelClient;
  memories: MemoriesConfig;
  nowSeconds: () => number;
  heartbeatMs: number;
  /** The run's abort signal (user interrupt). */
  signal?: AbortSignal;
}

export async function runJob(ctx: RunJobContext, claim: Stage1Claim): Promise<Phase1JobReport> {
  const started = performance.now();
  const { db, memories } = ctx;
  const threadId = claim.thread.id;
  const token = claim.ownershipToken;
  const lease = new AbortController();
  let leaseLost = false;
  const timer = setInterval(() => {
    let kept = true;
    try {
      kept = heartbeatJob(db, { kind: JOB_KIND_STAGE1, jobKey: threadId, token, leaseSeconds: memories.lease_seconds, now: ctx.nowSeconds() });
    } catch {
      return; // DB busy for longer than its timeout: try again next beat, the lease has slack
    }
    if (!kept) {
      leaseLost = true;
      lease.abort(new JobFailure("ownership_lost", "the job's lease expired and another worker took it over"));
    }
  }, ctx.heartbeatMs);
  timer.unref();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, lease.signal]) : lease.signal;
  const tally = newTally();
  const base = () => ({ threadId, chunks: tally.chunks, requests: tally.requests, badLines: tally.badLines, usage: tally.usage });
  const lost = (): Phase1JobReport => ({
    ...base(), outcome: "failed", errorClass: "ownership_lost",
    message: "the job's lease was lost to another worker; its result was discarded", elapsedMs: performance.now() - started,
  });

  let failure: ClassifiedFailure;
  try {
    const result = await extractOne({ thread: claim.thread, client: ctx.client, reasoningEffort: memories.extract_reasoning_effort, signal }, tally);
    clearInterval(timer);
    if (leaseLost) return lost();
    const counts = { chunkCount: result.chunks, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, now: ctx.nowSeconds() };
    if (result.output.kind === "empty") {
      if (!completeStage1JobNoOutput(db, { threadId, token, ...counts })) return lost();
      return { ...base(), outcome: "succeeded_no_output", elapsedMs: performance.now() - started };
    }
    const stored = completeStage1Job(db, {
      threadId, token, ...counts,
      sourceUpdatedAt: claim.thread.updatedAt,
      rawMemory: result.output.rawMemory,
      rolloutSummary: result.output.rolloutSummary,
      rolloutSlug: result.output.rolloutSlug,
    });
    if (!stored) return lost();
    return { ...base(), outcome: "succeeded", elapsedMs: performance.now() - started };
  } catch (error) {
    clearInterval(timer);
    if (leaseLost) return lost();
    failure = ctx.signal?.aborted
      ? { errorClass: "interrupted", message: "engram was interrupted while this job ran" }
      : classifyJobError(error);
  }
  const recorded = failStage1Job(db, {
    threadId, token,
    errorClass: failure.errorClass,
    message: failure.message,
    retryDelaySeconds: failure.errorClass === "interrupted" ? 0 : memories.retry_delay_seconds,
    now: ctx.nowSeconds(),
  });
  if (!recorded) return lost();
  return {
    ...base(), outcome: "failed", errorClass: failure.errorClass,
    ...(failure.modelErrorKind ? { modelErrorKind: failure.modelErrorKind } : {}),
    message: failure.message, elapsedMs: performance.now() - started,
  };
}

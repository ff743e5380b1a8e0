import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimStage1Job } from "./claimStage1Job.js";
import { completeStage1Job } from "./completeStage1Job.js";
import { completeStage1JobNoOutput } from "./completeStage1JobNoOutput.js";
import { failStage1Job } from "./failStage1Job.js";
import { heartbeatJob } from "./heartbeatJob.js";
import { claimGlobalJob } from "./claimGlobalJob.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL, JOB_KIND_STAGE1 } from "./constants.js";
import { insertOutput, insertThread, openTempStateDb, readJob, readOutput, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("finishing a stage-1 job", () => {
  let t: TempStateDb;
  beforeEach(() => {
    t = openTempStateDb();
    insertThread(t.db, { id: "thread-a", updatedAt: 100 });
  });
  afterEach(() => t.cleanup());

  const claimAt = (source: number, now = NOW): string => {
    const c = claimStage1Job(t.db, { threadId: "thread-a", workerId: "w", sourceUpdatedAt: source, leaseSeconds: 60, maxRunningJobs: 8, now });
    if (c.kind !== "claimed") assert.fail(`expected a claim, got ${c.kind}`);
    return c.ownershipToken;
  };
  const succeed = (token: string, source: number, raw = "raw", now = NOW + 1) =>
    completeStage1Job(t.db, {
      threadId: "thread-a", token, sourceUpdatedAt: source, rawMemory: raw, rolloutSummary: "summary",
      rolloutSlug: "slug", chunkCount: 2, inputTokens: 1000, outputTokens: 50, now,
    });

  test("success stores the output, finishes the job with its usage, and enqueues consolidation at the source time", () => {
    assert.equal(succeed(claimAt(101), 101), true);
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.equal(job.status, "done");
    assert.equal(job.lease_until, null);
    assert.equal(job.last_success_watermark, 101);
    assert.equal(job.outcome, "succeeded");
    assert.deepEqual([job.chunk_count, job.input_tokens, job.output_tokens], [2, 1000, 50]);
    assert.equal(readOutput(t.db, "thread-a")!.raw_memory, "raw");
    const global = readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY)!;
    assert.equal(global.status, "pending");
    assert.equal(global.input_watermark, 101);
    t.db.prepare("DELETE FROM jobs WHERE kind = ?").run(JOB_KIND_GLOBAL);
    assert.equal(succeed(claimAt(102, NOW + 5), 102, "raw", NOW + 6), true);
    const claim = claimGlobalJob(t.db, { workerId: "g", now: NOW + 7 });
    assert.equal(claim.kind, "claimed");
  });

  test("a completion with a lost token returns false and writes nothing", () => {
    const old = claimAt(100);
    const fresh = claimAt(100, NOW + 61); // the first lease expired and was taken over
    assert.notEqual(old, fresh);
    assert.equal(succeed(old, 100), false);
    assert.equal(readOutput(t.db, "thread-a"), undefined);
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.status, "running");
    assert.equal(readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY), undefined);
    assert.equal(failStage1Job(t.db, { threadId: "thread-a", token: old, errorClass: "model_error", message: "x", now: NOW + 62 }), false);
    assert.equal(heartbeatJob(t.db, { kind: JOB_KIND_STAGE1, jobKey: "thread-a", token: old, leaseSeconds: 60, now: NOW + 62 }), false);
    assert.equal(succeed(fresh, 100, "raw", NOW + 63), true);
  });

  test("an upsert never replaces a newer snapshot and keeps usage and selection columns", () => {
    insertOutput(t.db, { threadId: "thread-a", sourceUpdatedAt: 90, usageCount: 4, lastUsage: 95, selected: true });
    assert.equal(succeed(claimAt(100), 100, "refreshed"), true);
    const row = readOutput(t.db, "thread-a")!;
    assert.deepEqual(
      [row.source_updated_at, row.raw_memory, row.usage_count, row.last_usage, row.selected_for_phase2, row.selected_for_phase2_source_updated_at],
      [100, "refreshed", 4, 95, 1, 90],
    );
    const token = claimAt(150, NOW + 10);
    // a newer snapshot lands while this run is in flight
    t.db.prepare("UPDATE stage1_outputs SET source_updated_at = 200 WHERE thread_id = 'thread-a'").run();
    assert.equal(succeed(token, 150, "older", NOW + 11), true);
    assert.equal(readOutput(t.db, "thread-a")!.raw_memory, "refreshed");
  });

  test("no output when the output was already absent: no row, same source up to date, no global job", () => {
    const token = claimAt(100);
    assert.equal(completeStage1JobNoOutput(t.db, { threadId: "thread-a", token, now: NOW + 1 }), true);
    assert.equal(readOutput(t.db, "thread-a"), undefined);
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.deepEqual([job.status, job.outcome, job.last_success_watermark], ["done", "succeeded_no_output", 100]);
    const again = claimStage1Job(t.db, { threadId: "thread-a", workerId: "w", sourceUpdatedAt: 100, maxRunningJobs: 8, now: NOW + 2 });
    assert.deepEqual(again, { kind: "skipped_up_to_date" });
    assert.equal(readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY), undefined);
  });

  test("no output deleting an existing output enqueues phase 2 at the job's watermark", () => {
    insertOutput(t.db, { threadId: "thread-a", sourceUpdatedAt: 100 });
    const token = claimAt(101);
    assert.equal(completeStage1JobNoOutput(t.db, { threadId: "thread-a", token, now: NOW + 1 }), true);
    assert.equal(readOutput(t.db, "thread-a"), undefined);
    const claim = claimGlobalJob(t.db, { workerId: "g", now: NOW + 2 });
    assert.equal(claim.kind === "claimed" && claim.inputWatermark, 101);
  });

  test("no output with a lost token returns false and keeps the output", () => {
    insertOutput(t.db, { threadId: "thread-a", sourceUpdatedAt: 90 });
    claimAt(100);
    assert.equal(completeStage1JobNoOutput(t.db, { threadId: "thread-a", token: "not-mine", now: NOW + 1 }), false);
    assert.ok(readOutput(t.db, "thread-a"));
  });

  test("failure records the error class, the backoff and one retry fewer", () => {
    const token = claimAt(100);
    assert.equal(failStage1Job(t.db, { threadId: "thread-a", token, errorClass: "parse_error", message: "bad json", retryDelaySeconds: 600, now: NOW + 5 }), true);
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.deepEqual(
      [job.status, job.retry_at, job.retry_remaining, job.last_error, job.last_error_class, job.lease_until, job.finished_at, job.outcome],
      ["error", NOW + 605, 2, "bad json", "parse_error", null, NOW + 5, "failed"],
    );
    assert.equal(failStage1Job(t.db, { threadId: "thread-a", token, errorClass: "parse_error", message: "again", now: NOW + 6 }), false, "an error row is no longer running");
  });

  test("a heartbeat extends an owned lease so another worker cannot steal it", () => {
    const token = claimAt(100);
    assert.equal(heartbeatJob(t.db, { kind: JOB_KIND_STAGE1, jobKey: "thread-a", token, leaseSeconds: 60, now: NOW + 50 }), true);
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.lease_until, NOW + 110);
    const steal = claimStage1Job(t.db, { threadId: "thread-a", workerId: "w2", sourceUpdatedAt: 100, maxRunningJobs: 8, now: NOW + 70 });
    assert.deepEqual(steal, { kind: "skipped_running" });
  });
});

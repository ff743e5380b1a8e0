import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimStage1Job, type ClaimStage1JobParams } from "./claimStage1Job.js";
import { completeStage1Job } from "./completeStage1Job.js";
import { failStage1Job } from "./failStage1Job.js";
import { JOB_KIND_STAGE1 } from "./constants.js";
import { openStateDb } from "../stateDb.js";
import { insertOutput, insertRunningStage1Job, insertThread, openTempStateDb, readJob, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("claimStage1Job", () => {
  let t: TempStateDb;
  beforeEach(() => {
    t = openTempStateDb();
    insertThread(t.db, { id: "thread-a", updatedAt: 100 });
    insertThread(t.db, { id: "thread-b", updatedAt: 100 });
  });
  afterEach(() => t.cleanup());

  const claim = (over: Partial<ClaimStage1JobParams> = {}) =>
    claimStage1Job(t.db, {
      threadId: "thread-a",
      workerId: "worker-1",
      sourceUpdatedAt: 100,
      leaseSeconds: 60,
      maxRunningJobs: 64,
      now: NOW,
      ...over,
    });

  test("a first claim inserts a running row with a lease, a token and one attempt", () => {
    const outcome = claim();
    assert.equal(outcome.kind, "claimed");
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.equal(job.status, "running");
    assert.equal(job.worker_id, "worker-1");
    assert.equal(job.ownership_token, outcome.kind === "claimed" ? outcome.ownershipToken : "");
    assert.equal(job.lease_until, NOW + 60);
    assert.equal(job.input_watermark, 100);
    assert.equal(job.retry_remaining, 3);
    assert.equal(job.attempts, 1);
  });

  test("claim skips when up to date: after success at 100, 100 is up to date and 101 is claimed", () => {
    const first = claim();
    assert.equal(first.kind, "claimed");
    if (first.kind !== "claimed") return;
    const ok = completeStage1Job(t.db, {
      threadId: "thread-a", token: first.ownershipToken, sourceUpdatedAt: 100,
      rawMemory: "raw", rolloutSummary: "summary", rolloutSlug: null, now: NOW + 1,
    });
    assert.equal(ok, true);
    assert.deepEqual(claim({ now: NOW + 2 }), { kind: "skipped_up_to_date" });
    assert.equal(claim({ sourceUpdatedAt: 101, now: NOW + 3 }).kind, "claimed");
  });

  test("an existing stage-1 output at the same or newer source makes the claim up to date", () => {
    insertOutput(t.db, { threadId: "thread-a", sourceUpdatedAt: 150 });
    assert.deepEqual(claim({ sourceUpdatedAt: 150 }), { kind: "skipped_up_to_date" });
    assert.deepEqual(claim({ sourceUpdatedAt: 120 }), { kind: "skipped_up_to_date" });
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a"), undefined);
  });

  test("a fresh running lease is skipped but a stale one can be stolen, bumping attempts", () => {
    const first = claim();
    assert.equal(first.kind, "claimed");
    assert.deepEqual(claim({ workerId: "worker-2", now: NOW + 59 }), { kind: "skipped_running" });
    const stolen = claim({ workerId: "worker-2", now: NOW + 60 });
    assert.equal(stolen.kind, "claimed");
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.equal(job.worker_id, "worker-2");
    assert.notEqual(job.ownership_token, first.kind === "claimed" ? first.ownershipToken : "");
    assert.equal(job.attempts, 2);
  });

  test("a failed job waits for its backoff, then is claimed again", () => {
    const first = claim();
    if (first.kind !== "claimed") assert.fail("not claimed");
    failStage1Job(t.db, { threadId: "thread-a", token: first.ownershipToken, errorClass: "model_error", message: "503", retryDelaySeconds: 600, now: NOW + 1 });
    assert.deepEqual(claim({ now: NOW + 2 }), { kind: "skipped_retry_backoff" });
    assert.equal(claim({ now: NOW + 601 }).kind, "claimed");
  });

  test("retry exhaustion does not block a newer watermark, which resets the retry budget", () => {
    for (let i = 0; i < 3; i++) {
      const c = claim({ now: NOW + i * 10 });
      if (c.kind !== "claimed") assert.fail(`attempt ${i} was ${c.kind}`);
      assert.equal(
        failStage1Job(t.db, { threadId: "thread-a", token: c.ownershipToken, errorClass: "model_error", message: "boom", retryDelaySeconds: 0, now: NOW + i * 10 + 1 }),
        true,
      );
    }
    assert.deepEqual(claim({ now: NOW + 100 }), { kind: "skipped_retry_exhausted" });
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.retry_remaining, 0);
    assert.equal(claim({ sourceUpdatedAt: 101, now: NOW + 101 }).kind, "claimed");
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.equal(job.retry_remaining, 3);
    assert.equal(job.input_watermark, 101);
    assert.equal(job.attempts, 4);
    assert.equal(job.last_error, null);
  });

  test("a newer source skips a pending backoff", () => {
    const first = claim();
    if (first.kind !== "claimed") assert.fail("not claimed");
    failStage1Job(t.db, { threadId: "thread-a", token: first.ownershipToken, errorClass: "model_error", message: "x", retryDelaySeconds: 3600, now: NOW + 1 });
    assert.equal(claim({ sourceUpdatedAt: 101, now: NOW + 2 }).kind, "claimed");
  });

  test("the running cap is global: a new row is refused as skipped_cap_reached", () => {
    insertRunningStage1Job(t.db, "thread-b", NOW + 100);
    assert.deepEqual(claim({ maxRunningJobs: 1 }), { kind: "skipped_cap_reached" });
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a"), undefined);
    assert.equal(claim({ maxRunningJobs: 2 }).kind, "claimed");
  });

  test("the cap counts only live leases, and for an existing row only the OTHER running rows", () => {
    insertRunningStage1Job(t.db, "thread-b", NOW - 1); // expired: does not count
    assert.equal(claim({ maxRunningJobs: 1 }).kind, "claimed");
    // thread-a's own stale row does not count against its own re-claim
    assert.equal(claim({ maxRunningJobs: 1, now: NOW + 61 }).kind, "claimed");
    t.db.prepare("UPDATE jobs SET lease_until = ? WHERE job_key = 'thread-b'").run(NOW + 1000);
    assert.deepEqual(claim({ maxRunningJobs: 1, now: NOW + 200 }), { kind: "skipped_cap_reached" });
  });

  test("two connections claiming the same thread: exactly one is claimed, the other skipped_running", () => {
    const second = openStateDb(t.home);
    try {
      const a = claim();
      const b = claimStage1Job(second, { threadId: "thread-a", workerId: "w2", sourceUpdatedAt: 100, leaseSeconds: 60, maxRunningJobs: 64, now: NOW });
      assert.deepEqual([a.kind, b.kind], ["claimed", "skipped_running"]);
    } finally {
      second.close();
    }
  });

  test("with max_running_jobs = 1, two connections claiming two threads: one claimed, one refused by the cap", () => {
    const second = openStateDb(t.home);
    try {
      const a = claim({ maxRunningJobs: 1 });
      const b = claimStage1Job(second, { threadId: "thread-b", workerId: "w2", sourceUpdatedAt: 100, leaseSeconds: 60, maxRunningJobs: 1, now: NOW });
      assert.deepEqual([a.kind, b.kind], ["claimed", "skipped_cap_reached"]);
    } finally {
      second.close();
    }
  });
});

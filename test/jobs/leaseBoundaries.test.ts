/**
 * Edges of the job lease and the phase-2 cooldown that the main job tests do not pin:
 * a heartbeat after the run ended, and the exact second the success cooldown ends.
 * (Each test here kills a mutation that survived the mutation audit.)
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimGlobalJob } from "../../src/db/jobs/claimGlobalJob.js";
import { claimStage1Job } from "../../src/db/jobs/claimStage1Job.js";
import { completeGlobalJob } from "../../src/db/jobs/completeGlobalJob.js";
import { completeStage1Job } from "../../src/db/jobs/completeStage1Job.js";
import { failStage1Job } from "../../src/db/jobs/failStage1Job.js";
import { heartbeatJob } from "../../src/db/jobs/heartbeatJob.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL, JOB_KIND_STAGE1 } from "../../src/db/jobs/constants.js";
import { insertThread, openTempStateDb, readJob, type TempStateDb } from "./seed.js";

const NOW = 1_700_000_000;
const COOLDOWN_SECONDS = 600;

describe("job lease and cooldown edges", () => {
  let t: TempStateDb;
  beforeEach(() => {
    t = openTempStateDb();
    insertThread(t.db, { id: "thread-a", updatedAt: 100 });
  });
  afterEach(() => t.cleanup());

  const claimStage1 = (): string => {
    const c = claimStage1Job(t.db, { threadId: "thread-a", workerId: "w", sourceUpdatedAt: 100, leaseSeconds: 60, maxRunningJobs: 8, now: NOW });
    if (c.kind !== "claimed") assert.fail(`expected a claim, got ${c.kind}`);
    return c.ownershipToken;
  };
  const beat = (token: string, now: number) =>
    heartbeatJob(t.db, { kind: JOB_KIND_STAGE1, jobKey: "thread-a", token, leaseSeconds: 60, now });

  test("a late heartbeat after the run failed does not revive the lease", () => {
    const token = claimStage1();
    assert.equal(failStage1Job(t.db, { threadId: "thread-a", token, errorClass: "model_error", message: "boom", now: NOW + 5 }), true);
    // The failed row still carries the token; only `status = 'running'` tells the heartbeat the run is over.
    assert.equal(beat(token, NOW + 6), false);
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.deepEqual([job.status, job.lease_until], ["error", null]);
  });

  test("a late heartbeat after the run succeeded does not revive the lease", () => {
    const token = claimStage1();
    const done = completeStage1Job(t.db, {
      threadId: "thread-a", token, sourceUpdatedAt: 100, rawMemory: "raw", rolloutSummary: "summary", rolloutSlug: null, now: NOW + 5,
    });
    assert.equal(done, true);
    assert.equal(beat(token, NOW + 6), false);
    assert.deepEqual([readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.status, readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.lease_until], ["done", null]);
  });

  test("the success cooldown ends exactly cooldownSeconds after the finish", () => {
    const first = claimGlobalJob(t.db, { workerId: "w1", leaseSeconds: 60, now: NOW });
    if (first.kind !== "claimed") assert.fail(`expected a claim, got ${first.kind}`);
    assert.equal(completeGlobalJob(t.db, { token: first.ownershipToken, completedWatermark: 0, selected: [], outcome: "succeeded", now: NOW + 10 }), true);
    const claimAt = (now: number) => claimGlobalJob(t.db, { workerId: "w2", leaseSeconds: 60, cooldownSeconds: COOLDOWN_SECONDS, now });
    assert.deepEqual(claimAt(NOW + 10 + COOLDOWN_SECONDS - 1), { kind: "skipped_cooldown" });
    assert.equal(claimAt(NOW + 10 + COOLDOWN_SECONDS).kind, "claimed");
    assert.equal(readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY)!.worker_id, "w2");
  });
});

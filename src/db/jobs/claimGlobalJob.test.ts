import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimGlobalJob, type ClaimGlobalJobParams } from "./claimGlobalJob.js";
import { completeGlobalJob } from "./completeGlobalJob.js";
import { failGlobalJob } from "./failGlobalJob.js";
import { failGlobalJobIfUnowned } from "./failGlobalJobIfUnowned.js";
import { enqueueGlobalConsolidation } from "./enqueueGlobalConsolidation.js";
import { heartbeatJob } from "./heartbeatJob.js";
import { computeWatermark } from "./computeWatermark.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL, PHASE2_SUCCESS_COOLDOWN_SECONDS } from "./constants.js";
import { insertOutput, insertThread, openTempStateDb, readJob, readOutput, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("the phase-2 global lock", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  const claim = (over: Partial<ClaimGlobalJobParams> = {}) =>
    claimGlobalJob(t.db, { workerId: "w1", leaseSeconds: 60, now: NOW, ...over });
  const tokenOf = (c: ReturnType<typeof claim>): string => {
    if (c.kind !== "claimed") assert.fail(`expected a claim, got ${c.kind}`);
    return c.ownershipToken;
  };
  const succeed = (token: string, now: number, watermark = 0) =>
    completeGlobalJob(t.db, { token, completedWatermark: watermark, selected: [], outcome: "succeeded", now });
  const global = () => readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY)!;

  test("creates the missing job row with watermark 0, then cools down after success", () => {
    const c = claim();
    assert.deepEqual(c.kind === "claimed" && c.inputWatermark, 0);
    assert.deepEqual([global().status, global().last_success_watermark, global().attempts], ["running", 0, 1]);
    assert.equal(succeed(tokenOf(c), NOW + 10), true);
    assert.deepEqual(claim({ now: NOW + 20 }), { kind: "skipped_cooldown" });
  });

  test("allows only one fresh runner", () => {
    tokenOf(claim());
    assert.deepEqual(claim({ workerId: "w2", now: NOW + 1 }), { kind: "skipped_running" });
    assert.deepEqual(claim({ workerId: "w2", now: NOW + 1, force: true }), { kind: "skipped_running" }, "force never skips a live lease");
  });

  test("a stale lease allows takeover and the old owner's success returns false", () => {
    const old = tokenOf(claim());
    const fresh = tokenOf(claim({ workerId: "w2", now: NOW + 60 }));
    assert.equal(succeed(old, NOW + 61, 999), false);
    assert.equal(global().last_success_watermark, 0);
    assert.equal(heartbeatJob(t.db, { kind: JOB_KIND_GLOBAL, jobKey: GLOBAL_JOB_KEY, token: old, leaseSeconds: 60, now: NOW + 61 }), false);
    assert.equal(heartbeatJob(t.db, { kind: JOB_KIND_GLOBAL, jobKey: GLOBAL_JOB_KEY, token: fresh, leaseSeconds: 60, now: NOW + 61 }), true);
    assert.equal(succeed(fresh, NOW + 62), true);
  });

  test("respects the success cooldown even after a new enqueue; force or an aged finish claims", () => {
    succeed(tokenOf(claim()), NOW + 10);
    enqueueGlobalConsolidation(t.db, 500);
    assert.equal(global().status, "pending");
    assert.deepEqual(claim({ now: NOW + 100 }), { kind: "skipped_cooldown" });
    assert.equal(claim({ now: NOW + 100, cooldownSeconds: 60 }).kind, "claimed", "a shorter configured cooldown");
    t.db.prepare("UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = ? WHERE kind = ?").run(NOW + 100, JOB_KIND_GLOBAL);
    assert.equal(claim({ now: NOW + 101, force: true }).kind, "claimed");
    t.db.prepare("UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = ? WHERE kind = ?").run(NOW, JOB_KIND_GLOBAL);
    const aged = claim({ now: NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS + 1 });
    assert.equal(aged.kind === "claimed" && aged.inputWatermark, 500);
  });

  test("a failure is not cooled down, only backed off; it can be claimed after the retry budget is exhausted", () => {
    for (let i = 0; i < 4; i++) {
      const token = tokenOf(claim({ now: NOW + i }));
      assert.equal(failGlobalJob(t.db, { token, errorClass: "failed_spawn_agent", message: "boom", retryDelaySeconds: 0, now: NOW + i }), true);
    }
    assert.equal(global().retry_remaining, 0);
    assert.deepEqual([global().status, global().last_error_class, global().outcome], ["error", "failed_spawn_agent", "failed"]);
    assert.equal(claim({ now: NOW + 10 }).kind, "claimed");
  });

  test("a failure's backoff gives skipped_retry_unavailable until retry_at; force skips it", () => {
    failGlobalJob(t.db, { token: tokenOf(claim()), errorClass: "failed_sync_workspace_inputs", message: "disk", retryDelaySeconds: 600, now: NOW + 1 });
    assert.deepEqual(claim({ now: NOW + 2 }), { kind: "skipped_retry_unavailable" });
    assert.equal(claim({ now: NOW + 3, force: true }).kind, "claimed");
  });

  test("failure fallback updates an unowned running job; the next claim is backed off", () => {
    tokenOf(claim());
    t.db.prepare("UPDATE jobs SET ownership_token = NULL WHERE kind = ?").run(JOB_KIND_GLOBAL);
    const params = { token: "my-token", errorClass: "failed_spawn_agent", message: "x", retryDelaySeconds: 3600, now: NOW + 1 };
    assert.equal(failGlobalJob(t.db, params), false);
    assert.equal(failGlobalJobIfUnowned(t.db, params), true);
    assert.deepEqual(claim({ now: NOW + 2 }), { kind: "skipped_retry_unavailable" });
  });

  test("the fallback never fails another worker's owned claim", () => {
    tokenOf(claim());
    assert.equal(failGlobalJobIfUnowned(t.db, { token: "someone-else", errorClass: "x", message: "x", now: NOW + 1 }), false);
    assert.equal(global().status, "running");
  });

  test("enqueue keeps the input watermark monotonic and keeps a running row running", () => {
    enqueueGlobalConsolidation(t.db, 500);
    assert.deepEqual([global().status, global().input_watermark, global().retry_remaining], ["pending", 500, 3]);
    enqueueGlobalConsolidation(t.db, 400);
    assert.ok(global().input_watermark! > 500);
    tokenOf(claim());
    enqueueGlobalConsolidation(t.db, 900);
    assert.deepEqual([global().status, global().input_watermark], ["running", 900]);
  });

  test("success keeps last_success_watermark monotonic", () => {
    succeed(tokenOf(claim()), NOW + 1, 300);
    succeed(tokenOf(claim({ now: NOW + 2, force: true })), NOW + 3, 200);
    assert.equal(global().last_success_watermark, 300);
    assert.equal(computeWatermark(100, [{ sourceUpdatedAt: 50 }, { sourceUpdatedAt: 250 }]), 250);
    assert.equal(computeWatermark(100, []), 100);
  });

  test("success marks exactly the selected snapshots and records the outcome", () => {
    for (const id of ["a", "b", "c"]) insertThread(t.db, { id, updatedAt: 100 });
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100 });
    insertOutput(t.db, { threadId: "b", sourceUpdatedAt: 101 }); // refreshed after selection at 100
    insertOutput(t.db, { threadId: "c", sourceUpdatedAt: 100, selected: true }); // previous selection
    const token = tokenOf(claim());
    const ok = completeGlobalJob(t.db, {
      token, completedWatermark: 101, outcome: "succeeded_no_workspace_changes", now: NOW + 1,
      selected: [{ threadId: "a", sourceUpdatedAt: 100 }, { threadId: "b", sourceUpdatedAt: 100 }],
    });
    assert.equal(ok, true);
    const flags = (id: string) => [readOutput(t.db, id)!.selected_for_phase2, readOutput(t.db, id)!.selected_for_phase2_source_updated_at];
    assert.deepEqual(flags("a"), [1, 100]);
    assert.deepEqual(flags("b"), [0, null]);
    assert.deepEqual(flags("c"), [0, null]);
    assert.equal(global().outcome, "succeeded_no_workspace_changes");
  });
});

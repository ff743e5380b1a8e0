import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimStage1Jobs, type ClaimStage1JobsParams } from "./claimStage1Jobs.js";
import { listStage1Candidates } from "./listStage1Candidates.js";
import { completeStage1Job } from "./completeStage1Job.js";
import {
  countLiveRunningStage1, DAY_SECONDS, HOUR_SECONDS, insertOutput, insertRunningStage1Job, insertThread,
  openTempStateDb, type TempStateDb,
} from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("claimStage1Jobs", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  const pass = (over: Partial<ClaimStage1JobsParams> = {}) =>
    claimStage1Jobs(t.db, {
      workerId: "worker-1",
      allowedSources: ["cli", "vscode"],
      maxAgeDays: 30,
      minIdleHours: 12,
      scanLimit: 5000,
      maxClaimed: 64,
      leaseSeconds: 3600,
      now: NOW,
      ...over,
    });

  test("filters by age and idle time: only the thread idle for more than 12 h and younger than 30 d is claimed", () => {
    insertThread(t.db, { id: "current", updatedAt: NOW });
    insertThread(t.db, { id: "one-hour", updatedAt: NOW - HOUR_SECONDS });
    insertThread(t.db, { id: "just-under-idle", updatedAt: NOW - 12 * HOUR_SECONDS + 60 });
    insertThread(t.db, { id: "just-over-idle", updatedAt: NOW - 12 * HOUR_SECONDS - 60 });
    insertThread(t.db, { id: "too-old", updatedAt: NOW - 31 * DAY_SECONDS });
    const result = pass({ scanLimit: 1 });
    assert.deepEqual(result.claims.map((c) => c.thread.id), ["just-over-idle"]);
  });

  test("ignoreIdle claims recently active threads too", () => {
    insertThread(t.db, { id: "one-hour", updatedAt: NOW - HOUR_SECONDS });
    assert.deepEqual(pass({ ignoreIdle: true }).claims.map((c) => c.thread.id), ["one-hour"]);
  });

  test("bounds the state scan before the memory probes: an up-to-date newest thread uses up scan_limit = 1", () => {
    insertThread(t.db, { id: "newest-up-to-date", updatedAt: NOW - 13 * HOUR_SECONDS });
    insertThread(t.db, { id: "older-stale", updatedAt: NOW - 14 * HOUR_SECONDS });
    insertOutput(t.db, { threadId: "newest-up-to-date", sourceUpdatedAt: NOW - 13 * HOUR_SECONDS });
    assert.equal(pass({ scanLimit: 1 }).claims.length, 0);
    assert.deepEqual(pass({ scanLimit: 2 }).claims.map((c) => c.thread.id), ["older-stale"]);
  });

  test("skips disabled, polluted, archived, missing, sub-agent, internal and disallowed-source threads", () => {
    const at = NOW - DAY_SECONDS;
    insertThread(t.db, { id: "ok", updatedAt: at });
    insertThread(t.db, { id: "disabled", updatedAt: at, memoryMode: "disabled" });
    insertThread(t.db, { id: "polluted", updatedAt: at, memoryMode: "polluted" });
    insertThread(t.db, { id: "archived", updatedAt: at, archived: true });
    insertThread(t.db, { id: "missing", updatedAt: at, missing: true });
    insertThread(t.db, { id: "exec", updatedAt: at, source: "exec" });
    insertThread(t.db, { id: "subagent-source", updatedAt: at, source: "subagent_review" });
    insertThread(t.db, { id: "subagent-thread", updatedAt: at, threadSource: "subagent" });
    insertThread(t.db, { id: "consolidation", updatedAt: at, threadSource: "memory_consolidation" });
    insertThread(t.db, { id: "null-thread-source", updatedAt: at, source: "vscode", threadSource: null });
    const ids = pass({ allowedSources: ["cli", "vscode", "subagent_review"] }).claims.map((c) => c.thread.id).sort();
    assert.deepEqual(ids, ["null-thread-source", "ok"]);
  });

  test("ignoreSources lifts only the source filter: an exec thread is listed, a sub-agent one still is not", () => {
    const at = NOW - DAY_SECONDS;
    insertThread(t.db, { id: "exec", updatedAt: at, source: "exec" });
    insertThread(t.db, { id: "subagent-source", updatedAt: at, source: "subagent_review" });
    insertThread(t.db, { id: "disabled", updatedAt: at, source: "exec", memoryMode: "disabled" });
    const list = (ignoreSources: boolean) =>
      listStage1Candidates(t.db, { allowedSources: ["cli"], maxAgeDays: 30, minIdleHours: 12, ignoreSources, now: NOW }).map((c) => c.id);
    assert.deepEqual(list(false), []);
    assert.deepEqual(list(true), ["exec"]);
  });

  test("restricting to thread ids claims only those", () => {
    for (const id of ["a", "b", "c"]) insertThread(t.db, { id, updatedAt: NOW - DAY_SECONDS });
    assert.deepEqual(pass({ threadIds: ["c", "a", "nope"] }).claims.map((c) => c.thread.id).sort(), ["a", "c"]);
  });

  test("claims carry the thread metadata the runner needs", () => {
    insertThread(t.db, { id: "a", updatedAt: NOW - DAY_SECONDS, cwd: "/repo", gitBranch: "feature", source: "vscode" });
    const [claim] = pass().claims;
    assert.deepEqual(claim!.thread, {
      id: "a", rolloutPath: "/rollouts/a.jsonl", cwd: "/repo", gitBranch: "feature",
      updatedAt: NOW - DAY_SECONDS, source: "vscode",
    });
    assert.match(claim!.ownershipToken, /^[0-9a-f-]{36}$/);
  });

  test("candidates are newest first and exclude threads whose job already succeeded at this updated_at", () => {
    insertThread(t.db, { id: "old", updatedAt: NOW - 3 * DAY_SECONDS });
    insertThread(t.db, { id: "new", updatedAt: NOW - DAY_SECONDS });
    insertThread(t.db, { id: "done", updatedAt: NOW - 2 * DAY_SECONDS });
    t.db.prepare(
      "INSERT INTO jobs (kind, job_key, status, retry_remaining, input_watermark, last_success_watermark) VALUES ('memory_stage1', 'done', 'done', 3, ?, ?)",
    ).run(NOW - 2 * DAY_SECONDS, NOW - 2 * DAY_SECONDS);
    const ids = listStage1Candidates(t.db, { allowedSources: ["cli"], maxAgeDays: 30, minIdleHours: 12, now: NOW }).map((c) => c.id);
    assert.deepEqual(ids, ["new", "old"]);
  });

  test("enforces the global running cap: 80 eligible, 10 already running, max 64 → 54 claims, then 0", () => {
    for (let i = 0; i < 80; i++) insertThread(t.db, { id: `t${String(i).padStart(3, "0")}`, updatedAt: NOW - DAY_SECONDS - i });
    for (let i = 0; i < 10; i++) insertRunningStage1Job(t.db, `running-${i}`, NOW + 3600);
    const first = pass();
    assert.equal(first.claims.length, 54);
    assert.equal(first.counts.claimed, 54);
    assert.equal(first.counts.skipped_cap_reached, 1);
    assert.equal(countLiveRunningStage1(t.db, NOW), 64);
    const second = pass({ workerId: "worker-2" });
    assert.equal(second.claims.length, 0);
    assert.equal(countLiveRunningStage1(t.db, NOW), 64);
  });

  test("processes two full batches across passes once the first batch succeeded", () => {
    for (let i = 0; i < 200; i++) insertThread(t.db, { id: `t${String(i).padStart(3, "0")}`, updatedAt: NOW - DAY_SECONDS - i });
    const first = pass();
    assert.equal(first.claims.length, 64);
    for (const c of first.claims) {
      assert.equal(completeStage1Job(t.db, {
        threadId: c.thread.id, token: c.ownershipToken, sourceUpdatedAt: c.thread.updatedAt,
        rawMemory: "raw", rolloutSummary: "sum", rolloutSlug: null, now: NOW + 1,
      }), true);
    }
    const second = pass({ now: NOW + 2 });
    assert.equal(second.claims.length, 64);
    const firstIds = new Set(first.claims.map((c) => c.thread.id));
    assert.ok(second.claims.every((c) => !firstIds.has(c.thread.id)));
    assert.equal(second.counts.skipped_up_to_date, 0, "up-to-date threads are dropped before claiming");
  });

  test("max_claimed = 0 or scan_limit = 0 claims nothing", () => {
    insertThread(t.db, { id: "a", updatedAt: NOW - DAY_SECONDS });
    assert.equal(pass({ maxClaimed: 0 }).claims.length, 0);
    assert.equal(pass({ scanLimit: 0 }).claims.length, 0);
    assert.equal(pass({ maxClaimed: 1 }).claims.length, 1);
  });
});

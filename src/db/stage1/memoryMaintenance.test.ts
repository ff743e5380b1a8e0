import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { recordStage1Usage } from "./recordStage1Usage.js";
import { pruneStage1Outputs } from "./pruneStage1Outputs.js";
import { deleteThreadMemory } from "./deleteThreadMemory.js";
import { markThreadMemoryModePolluted } from "./markThreadMemoryModePolluted.js";
import { clearMemoryData } from "./clearMemoryData.js";
import { listStage1Outputs } from "./listStage1Outputs.js";
import { claimStage1Job } from "../jobs/claimStage1Job.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL, JOB_KIND_STAGE1 } from "../jobs/constants.js";
import { enqueueGlobalConsolidation } from "../jobs/enqueueGlobalConsolidation.js";
import { DAY_SECONDS, insertOutput, insertThread, openTempStateDb, readJob, readOutput, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("stage-1 memory maintenance", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());
  const global = () => readJob(t.db, JOB_KIND_GLOBAL, GLOBAL_JOB_KEY);

  test("recording usage counts duplicates twice, ignores missing ids and stamps one last_usage", () => {
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100 });
    insertOutput(t.db, { threadId: "b", sourceUpdatedAt: 100, usageCount: null });
    assert.equal(recordStage1Usage(t.db, ["a", "a", "b", "missing"], NOW), 3);
    assert.deepEqual([readOutput(t.db, "a")!.usage_count, readOutput(t.db, "b")!.usage_count], [2, 1]);
    assert.deepEqual([readOutput(t.db, "a")!.last_usage, readOutput(t.db, "b")!.last_usage], [NOW, NOW]);
    assert.equal(recordStage1Usage(t.db, [], NOW), 0);
  });

  test("retention pruning deletes stale unselected rows only and leaves job rows alone", () => {
    insertOutput(t.db, { threadId: "stale", sourceUpdatedAt: NOW - 40 * DAY_SECONDS });
    insertOutput(t.db, { threadId: "stale-selected", sourceUpdatedAt: NOW - 40 * DAY_SECONDS, selected: true });
    insertOutput(t.db, { threadId: "fresh", sourceUpdatedAt: NOW - DAY_SECONDS });
    insertOutput(t.db, { threadId: "old-but-used", sourceUpdatedAt: NOW - 40 * DAY_SECONDS, usageCount: 1, lastUsage: NOW - DAY_SECONDS });
    t.db.prepare("INSERT INTO jobs (kind, job_key, status, retry_remaining, last_success_watermark) VALUES (?, 'stale', 'done', 3, ?)").run(JOB_KIND_STAGE1, NOW - 40 * DAY_SECONDS);
    assert.equal(pruneStage1Outputs(t.db, { maxUnusedDays: 30, now: NOW }), 1);
    assert.equal(readOutput(t.db, "stale"), undefined);
    for (const id of ["stale-selected", "fresh", "old-but-used"]) assert.ok(readOutput(t.db, id), id);
    assert.ok(readJob(t.db, JOB_KIND_STAGE1, "stale"), "the job row stays so the thread is not re-extracted");
  });

  test("retention pruning respects the batch limit, stalest first", () => {
    for (let i = 0; i < 5; i++) insertOutput(t.db, { threadId: `t${i}`, sourceUpdatedAt: NOW - (40 + i) * DAY_SECONDS });
    assert.equal(pruneStage1Outputs(t.db, { maxUnusedDays: 30, limit: 2, now: NOW }), 2);
    assert.deepEqual(
      (t.db.prepare("SELECT thread_id FROM stage1_outputs ORDER BY thread_id").all() as { thread_id: string }[]).map((r) => r.thread_id),
      ["t0", "t1", "t2"],
    );
  });

  test("deleting a selected thread's memory removes output and job and enqueues phase 2 at the delete time", () => {
    insertThread(t.db, { id: "a", updatedAt: 100 });
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100, selected: true });
    claimStage1Job(t.db, { threadId: "a", workerId: "w", sourceUpdatedAt: 200, maxRunningJobs: 8, now: NOW - 10 });
    assert.deepEqual(deleteThreadMemory(t.db, "a", NOW), { deletedOutput: true, enqueuedConsolidation: true });
    assert.equal(readOutput(t.db, "a"), undefined);
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "a"), undefined);
    assert.equal(global()!.status, "pending");
    assert.ok(global()!.input_watermark! >= NOW);
    assert.equal(listStage1Outputs(t.db, { includeUnusable: true }).length, 0);
  });

  test("deleting an unselected or absent memory does not enqueue phase 2", () => {
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100 });
    assert.deepEqual(deleteThreadMemory(t.db, "a", NOW), { deletedOutput: true, enqueuedConsolidation: false });
    assert.deepEqual(deleteThreadMemory(t.db, "a", NOW), { deletedOutput: false, enqueuedConsolidation: false });
    assert.equal(global(), undefined);
  });

  test("polluting a selected thread enqueues phase 2, and enqueues again when already polluted", () => {
    insertThread(t.db, { id: "a", updatedAt: 100 });
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100, selected: true });
    assert.equal(markThreadMemoryModePolluted(t.db, "a", NOW), true);
    assert.equal((t.db.prepare("SELECT memory_mode FROM threads WHERE id = 'a'").get() as { memory_mode: string }).memory_mode, "polluted");
    const first = global()!.input_watermark!;
    assert.equal(first, NOW);
    assert.equal(markThreadMemoryModePolluted(t.db, "a", NOW), false);
    assert.ok(global()!.input_watermark! > first);
  });

  test("polluting an unselected thread does not enqueue phase 2", () => {
    insertThread(t.db, { id: "a", updatedAt: 100 });
    insertOutput(t.db, { threadId: "a", sourceUpdatedAt: 100 });
    assert.equal(markThreadMemoryModePolluted(t.db, "a", NOW), true);
    assert.equal(global(), undefined);
    assert.equal(markThreadMemoryModePolluted(t.db, "no-such-thread", NOW), false);
  });

  test("clearing memory data deletes outputs and memory jobs and preserves thread memory modes", () => {
    insertThread(t.db, { id: "enabled", updatedAt: 100 });
    insertThread(t.db, { id: "disabled", updatedAt: 100, memoryMode: "disabled" });
    insertThread(t.db, { id: "polluted", updatedAt: 100, memoryMode: "polluted" });
    insertOutput(t.db, { threadId: "enabled", sourceUpdatedAt: 100 });
    claimStage1Job(t.db, { threadId: "enabled", workerId: "w", sourceUpdatedAt: 200, maxRunningJobs: 8, now: NOW });
    enqueueGlobalConsolidation(t.db, 100);
    t.db.prepare("INSERT INTO jobs (kind, job_key, status, retry_remaining) VALUES ('other_kind', 'x', 'done', 3)").run();
    assert.deepEqual(clearMemoryData(t.db), { outputsDeleted: 1, jobsDeleted: 2 });
    const modes = t.db.prepare("SELECT id, memory_mode FROM threads ORDER BY id").all();
    assert.deepEqual(modes, [
      { id: "disabled", memory_mode: "disabled" },
      { id: "enabled", memory_mode: "enabled" },
      { id: "polluted", memory_mode: "polluted" },
    ]);
    assert.equal((t.db.prepare("SELECT COUNT(*) AS n FROM jobs").get() as { n: number }).n, 1);
  });
});

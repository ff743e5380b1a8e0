import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { selectPhase2Inputs } from "./selectPhase2Inputs.js";
import { listStage1Outputs } from "./listStage1Outputs.js";
import { markThreadMemoryModePolluted } from "./markThreadMemoryModePolluted.js";
import { claimGlobalJob } from "../jobs/claimGlobalJob.js";
import { completeGlobalJob } from "../jobs/completeGlobalJob.js";
import { DAY_SECONDS, HOUR_SECONDS, insertOutput, insertThread, openTempStateDb, readOutput, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;

describe("selectPhase2Inputs", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  const select = (maxInputs = 10, maxUnusedDays = 30, now = NOW) => selectPhase2Inputs(t.db, { maxInputs, maxUnusedDays, now });
  const ids = (rows: { threadId: string }[]) => rows.map((r) => r.threadId);
  const seed = (id: string, o: Partial<Parameters<typeof insertOutput>[1]> = {}, mode: "enabled" | "polluted" | "disabled" = "enabled") => {
    insertThread(t.db, { id, updatedAt: o.sourceUpdatedAt ?? NOW - DAY_SECONDS, memoryMode: mode });
    insertOutput(t.db, { threadId: id, sourceUpdatedAt: NOW - DAY_SECONDS, ...o });
  };

  test("returns the selected rows in thread-id order, hydrated from the thread", () => {
    seed("c", { sourceUpdatedAt: NOW - 3 * HOUR_SECONDS });
    seed("a", { sourceUpdatedAt: NOW - 1 * HOUR_SECONDS });
    seed("b", { sourceUpdatedAt: NOW - 2 * HOUR_SECONDS });
    const rows = select();
    assert.deepEqual(ids(rows), ["a", "b", "c"]);
    assert.deepEqual([rows[0]!.rolloutPath, rows[0]!.cwd, rows[0]!.gitBranch, rows[0]!.rolloutSlug], ["/rollouts/a.jsonl", "/work/a", "main", "slug-a"]);
    assert.deepEqual(ids(select(2)), ["a", "b"], "top 2 by recency, then sorted by id");
    assert.deepEqual(select(0), []);
  });

  test("prioritises usage count, then recent usage", () => {
    seed("five-old", { usageCount: 5, lastUsage: NOW - 10 * DAY_SECONDS });
    seed("five-recent", { usageCount: 5, lastUsage: NOW - DAY_SECONDS });
    seed("one-newest", { usageCount: 1, lastUsage: NOW - HOUR_SECONDS });
    assert.deepEqual(ids(select(1)), ["five-recent"]);
  });

  test("excludes stale used memories but keeps fresh never-used ones", () => {
    seed("used-long-ago", { sourceUpdatedAt: NOW - DAY_SECONDS, usageCount: 9, lastUsage: NOW - 31 * DAY_SECONDS });
    seed("never-used-fresh", { sourceUpdatedAt: NOW - 29 * DAY_SECONDS });
    seed("never-used-stale", { sourceUpdatedAt: NOW - 31 * DAY_SECONDS });
    seed("used-recently-old-source", { sourceUpdatedAt: NOW - 60 * DAY_SECONDS, usageCount: 1, lastUsage: NOW - DAY_SECONDS });
    assert.deepEqual(ids(select()), ["never-used-fresh", "used-recently-old-source"]);
  });

  test("prefers recent thread updates over recent generation", () => {
    seed("updated-recently", { sourceUpdatedAt: NOW - HOUR_SECONDS, generatedAt: NOW - 5 * DAY_SECONDS });
    seed("generated-recently", { sourceUpdatedAt: NOW - 5 * DAY_SECONDS, generatedAt: NOW });
    assert.deepEqual(ids(select(1)), ["updated-recently"]);
  });

  test("skips blank payloads and polluted, disabled, missing or deleted threads", () => {
    seed("ok");
    seed("blank", { rawMemory: "  \n", rolloutSummary: "\t" });
    seed("summary-only", { rawMemory: " ", rolloutSummary: "s" });
    seed("polluted", {}, "polluted");
    seed("disabled", {}, "disabled");
    seed("missing");
    t.db.prepare("UPDATE threads SET missing = 1 WHERE id = 'missing'").run();
    insertOutput(t.db, { threadId: "no-thread", sourceUpdatedAt: NOW - DAY_SECONDS });
    assert.deepEqual(ids(select()), ["ok", "summary-only"]);
  });

  test("excludes a polluted thread from a previous selection", () => {
    seed("a", { selected: true });
    seed("b", { selected: true });
    markThreadMemoryModePolluted(t.db, "a", NOW);
    assert.deepEqual(ids(select()), ["b"]);
  });

  test("returns a regenerated selected row while its flag still records the old snapshot", () => {
    seed("a", { sourceUpdatedAt: NOW - 2 * DAY_SECONDS, selected: true });
    t.db.prepare("UPDATE stage1_outputs SET source_updated_at = ?, raw_memory = 'new' WHERE thread_id = 'a'").run(NOW - DAY_SECONDS);
    const [row] = select();
    assert.deepEqual([row!.sourceUpdatedAt, row!.rawMemory, row!.selectedForPhase2, row!.selectedForPhase2SourceUpdatedAt], [NOW - DAY_SECONDS, "new", true, NOW - 2 * DAY_SECONDS]);
  });

  test("uses the current ranking after refreshes, and success records the newer snapshot", () => {
    seed("a", { sourceUpdatedAt: NOW - 3 * DAY_SECONDS, selected: true });
    seed("b", { sourceUpdatedAt: NOW - 2 * DAY_SECONDS });
    assert.deepEqual(ids(select(1)), ["b"]);
    t.db.prepare("UPDATE stage1_outputs SET source_updated_at = ? WHERE thread_id = 'a'").run(NOW - DAY_SECONDS);
    const selection = select(1);
    assert.deepEqual(ids(selection), ["a"]);
    const claim = claimGlobalJob(t.db, { workerId: "g", now: NOW });
    if (claim.kind !== "claimed") assert.fail(claim.kind);
    completeGlobalJob(t.db, { token: claim.ownershipToken, completedWatermark: NOW - DAY_SECONDS, outcome: "succeeded", now: NOW, selected: selection });
    assert.equal(readOutput(t.db, "a")!.selected_for_phase2_source_updated_at, NOW - DAY_SECONDS);
    assert.equal(readOutput(t.db, "b")!.selected_for_phase2, 0);
  });
});

describe("listStage1Outputs", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  test("returns the latest outputs first, hydrated, skipping blank payloads and polluted threads", () => {
    insertThread(t.db, { id: "old", updatedAt: 100, cwd: "/r1", gitBranch: "dev" });
    insertThread(t.db, { id: "new", updatedAt: 200 });
    insertThread(t.db, { id: "blank", updatedAt: 300 });
    insertThread(t.db, { id: "polluted", updatedAt: 400, memoryMode: "polluted" });
    insertOutput(t.db, { threadId: "old", sourceUpdatedAt: 100, rolloutSlug: "fix-build" });
    insertOutput(t.db, { threadId: "new", sourceUpdatedAt: 200 });
    insertOutput(t.db, { threadId: "blank", sourceUpdatedAt: 300, rawMemory: "", rolloutSummary: " " });
    insertOutput(t.db, { threadId: "polluted", sourceUpdatedAt: 400 });
    const rows = listStage1Outputs(t.db);
    assert.deepEqual(rows.map((r) => r.threadId), ["new", "old"]);
    assert.deepEqual([rows[1]!.cwd, rows[1]!.gitBranch, rows[1]!.rolloutSlug], ["/r1", "dev", "fix-build"]);
    assert.equal(listStage1Outputs(t.db, { includeUnusable: true }).length, 4);
    assert.equal(listStage1Outputs(t.db, { limit: 1 }).length, 1);
  });
});

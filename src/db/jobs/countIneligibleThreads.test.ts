import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { countIneligibleThreads } from "./countIneligibleThreads.js";
import { listStage1Candidates, type ListStage1CandidatesParams } from "./listStage1Candidates.js";
import { DAY_SECONDS, HOUR_SECONDS, insertOutput, insertThread, openTempStateDb, type TempStateDb } from "../../../test/jobs/seed.js";

const NOW = 1_700_000_000;
const IDLE = NOW - 13 * HOUR_SECONDS;

describe("countIneligibleThreads", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());
  const params = (over: Partial<ListStage1CandidatesParams> = {}): ListStage1CandidatesParams => ({
    allowedSources: ["cli", "vscode"], maxAgeDays: 30, minIdleHours: 12, now: NOW, ...over,
  });

  function seed(): void {
    insertThread(t.db, { id: "eligible", updatedAt: IDLE });
    insertThread(t.db, { id: "active-1", updatedAt: NOW - HOUR_SECONDS });
    insertThread(t.db, { id: "active-2", updatedAt: NOW });
    insertThread(t.db, { id: "exec", updatedAt: IDLE, source: "exec" });
    insertThread(t.db, { id: "mcp-active", updatedAt: NOW, source: "mcp" }); // source is checked before idle
    insertThread(t.db, { id: "old", updatedAt: NOW - 31 * DAY_SECONDS });
    insertThread(t.db, { id: "done", updatedAt: IDLE });
    insertOutput(t.db, { threadId: "done", sourceUpdatedAt: IDLE });
    insertThread(t.db, { id: "changed", updatedAt: IDLE }); // extracted before its last change: eligible
    insertOutput(t.db, { threadId: "changed", sourceUpdatedAt: IDLE - 60 });
    insertThread(t.db, { id: "archived-exec", updatedAt: IDLE, archived: true, source: "exec" }); // first rule wins
    insertThread(t.db, { id: "missing", updatedAt: IDLE, missing: true });
    insertThread(t.db, { id: "disabled", updatedAt: IDLE, memoryMode: "disabled" });
    insertThread(t.db, { id: "sub", updatedAt: IDLE, source: "subagent_review" });
    insertThread(t.db, { id: "consolidation", updatedAt: IDLE, threadSource: "memory_consolidation" });
  }

  test("buckets every non-candidate by the first rule it fails; candidates are not counted", () => {
    seed();
    assert.deepEqual(countIneligibleThreads(t.db, params()), {
      disabled: 1, archived: 1, missing: 1, subagent: 2, sourceNotAllowed: 2, notAllowedSources: ["exec", "mcp"],
      tooOld: 1, notIdle: 2, upToDate: 1,
    });
    // Same rules as the candidate list: every thread is either a candidate or in exactly one bucket.
    const counts = countIneligibleThreads(t.db, params());
    const bucketed = counts.disabled + counts.archived + counts.missing + counts.subagent + counts.sourceNotAllowed + counts.tooOld + counts.notIdle + counts.upToDate;
    assert.deepEqual(listStage1Candidates(t.db, params()).map((c) => c.id).sort(), ["changed", "eligible"]);
    const { n } = t.db.prepare("SELECT COUNT(*) AS n FROM threads").get() as { n: number };
    assert.equal(bucketed + 2, n);
  });

  test("ignoreIdle, ignoreSources and threadIds change the buckets as they change the list", () => {
    seed();
    const now = countIneligibleThreads(t.db, params({ ignoreIdle: true }));
    assert.equal(now.notIdle, 0);
    assert.equal(now.sourceNotAllowed, 2);
    const named = countIneligibleThreads(t.db, params({ threadIds: ["exec", "active-1", "done"], ignoreSources: true }));
    assert.deepEqual(
      [named.sourceNotAllowed, named.notIdle, named.upToDate, named.archived],
      [0, 1, 1, 0],
    );
  });

  test("an empty table counts nothing", () => {
    const c = countIneligibleThreads(t.db, params());
    assert.equal(c.notIdle + c.upToDate + c.sourceNotAllowed, 0);
    assert.deepEqual(c.notAllowedSources, []);
  });
});

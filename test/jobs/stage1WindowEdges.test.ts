/**
 * Edges of the stage-1 memory window that the main stage-1 tests do not pin: selection and
 * retention pruning must agree on the exact cutoff second, and a negative input cap selects nothing.
 * (Each test here kills a mutation that survived the mutation audit.)
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { pruneStage1Outputs } from "../../src/db/stage1/pruneStage1Outputs.js";
import { selectPhase2Inputs } from "../../src/db/stage1/selectPhase2Inputs.js";
import { DAY_SECONDS, insertOutput, insertThread, openTempStateDb, readOutput, type TempStateDb } from "./seed.js";

const NOW = 1_700_000_000;
const MAX_UNUSED_DAYS = 30;
const CUTOFF = NOW - MAX_UNUSED_DAYS * DAY_SECONDS;

describe("stage-1 memory window edges", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  const seed = (id: string, sourceUpdatedAt: number, lastUsage: number | null = null) => {
    insertThread(t.db, { id, updatedAt: sourceUpdatedAt });
    insertOutput(t.db, { threadId: id, sourceUpdatedAt, usageCount: lastUsage === null ? null : 1, lastUsage });
  };
  const selectedIds = (maxInputs = 10) =>
    selectPhase2Inputs(t.db, { maxInputs, maxUnusedDays: MAX_UNUSED_DAYS, now: NOW }).map((r) => r.threadId);

  test("a row exactly at the cutoff is still selectable, so pruning keeps it; one second older is pruned", () => {
    seed("at-cutoff", CUTOFF);
    seed("used-at-cutoff", CUTOFF - 10 * DAY_SECONDS, CUTOFF);
    seed("one-second-older", CUTOFF - 1);
    assert.deepEqual(selectedIds(), ["at-cutoff", "used-at-cutoff"]);
    assert.equal(pruneStage1Outputs(t.db, { maxUnusedDays: MAX_UNUSED_DAYS, now: NOW }), 1);
    assert.equal(readOutput(t.db, "one-second-older"), undefined);
    assert.ok(readOutput(t.db, "at-cutoff"));
    assert.ok(readOutput(t.db, "used-at-cutoff"));
  });

  test("a negative input cap selects nothing (SQLite would read LIMIT -1 as no limit)", () => {
    seed("a", NOW - DAY_SECONDS);
    seed("b", NOW - 2 * DAY_SECONDS);
    assert.deepEqual(selectedIds(-1), []);
    assert.deepEqual(selectedIds(0), []);
    assert.deepEqual(selectedIds(1), ["a"]);
  });
});

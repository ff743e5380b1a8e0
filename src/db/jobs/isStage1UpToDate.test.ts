import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { claimStage1Job } from "./claimStage1Job.js";
import { completeStage1JobNoOutput } from "./completeStage1JobNoOutput.js";
import { isStage1UpToDate } from "./isStage1UpToDate.js";
import { insertOutput, insertThread, openTempStateDb, type TempStateDb } from "../../../test/jobs/seed.js";

let t: TempStateDb;
beforeEach(() => {
  t = openTempStateDb();
  insertThread(t.db, { id: "thread-a", updatedAt: 100 });
});
afterEach(() => t.cleanup());

test("a thread never extracted is not up to date", () => {
  assert.equal(isStage1UpToDate(t.db, "thread-a", 100), false);
});

test("an output row at the snapshot or newer makes it up to date; an older one does not", () => {
  insertOutput(t.db, { threadId: "thread-a", sourceUpdatedAt: 100 });
  assert.equal(isStage1UpToDate(t.db, "thread-a", 99), true);
  assert.equal(isStage1UpToDate(t.db, "thread-a", 100), true);
  assert.equal(isStage1UpToDate(t.db, "thread-a", 101), false);
});

test("a run that kept nothing (no output row) still counts through the job's success watermark, and is read-only", () => {
  const c = claimStage1Job(t.db, { threadId: "thread-a", workerId: "w", sourceUpdatedAt: 100, leaseSeconds: 60, maxRunningJobs: 8, now: 1_000 });
  assert.equal(c.kind, "claimed");
  if (c.kind !== "claimed") return;
  assert.equal(isStage1UpToDate(t.db, "thread-a", 100), false, "a running job is not a success");
  assert.ok(completeStage1JobNoOutput(t.db, { threadId: "thread-a", token: c.ownershipToken, now: 1_001 }));
  const before = t.db.prepare("SELECT * FROM jobs").all();
  assert.equal(isStage1UpToDate(t.db, "thread-a", 100), true);
  assert.equal(isStage1UpToDate(t.db, "thread-a", 101), false);
  assert.deepEqual(t.db.prepare("SELECT * FROM jobs").all(), before, "the probe writes nothing");
});

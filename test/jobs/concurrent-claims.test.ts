import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runWorkers } from "./runWorkers.js";
import { countLiveRunningStage1, DAY_SECONDS, insertThread, openTempStateDb, readJob, readOutput, type TempStateDb } from "./seed.js";
import { JOB_KIND_STAGE1 } from "../../src/db/jobs/constants.js";
import type { Stage1ClaimOutcome } from "../../src/db/jobs/types.js";

const NOW = 1_700_000_000;

describe("claims across real processes sharing one DB file", () => {
  let t: TempStateDb;
  beforeEach(() => (t = openTempStateDb()));
  afterEach(() => t.cleanup());

  test("8 processes claiming the same thread: exactly one is claimed, the rest skipped_running", async () => {
    insertThread(t.db, { id: "thread-a", updatedAt: NOW - DAY_SECONDS });
    const results = (await runWorkers(
      Array.from({ length: 8 }, (_, i) => ({
        mode: "claim-one" as const, home: t.home, workerId: `w${i}`, threadId: "thread-a",
        sourceUpdatedAt: NOW - DAY_SECONDS, now: NOW, leaseSeconds: 600,
      })),
    )) as Stage1ClaimOutcome[];
    const kinds = results.map((r) => r.kind).sort();
    assert.deepEqual(kinds, ["claimed", ...Array(7).fill("skipped_running")]);
    const winner = results.find((r) => r.kind === "claimed")!;
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.ownership_token, winner.kind === "claimed" ? winner.ownershipToken : "");
    assert.equal(readJob(t.db, JOB_KIND_STAGE1, "thread-a")!.attempts, 1);
  });

  test("6 processes claiming 100 eligible threads in a loop stop at exactly 64 running, none claimed twice", async () => {
    for (let i = 0; i < 100; i++) insertThread(t.db, { id: `t${String(i).padStart(3, "0")}`, updatedAt: NOW - DAY_SECONDS - i });
    const results = (await runWorkers(
      Array.from({ length: 6 }, (_, i) => ({
        mode: "claim-loop" as const, home: t.home, workerId: `w${i}`, now: NOW, maxClaimedPerPass: 4, maxRunningJobs: 64,
      })),
    )) as { claimed: string[] }[];
    const all = results.flatMap((r) => r.claimed);
    assert.equal(all.length, 64);
    assert.equal(new Set(all).size, 64, "no thread claimed twice");
    assert.equal(countLiveRunningStage1(t.db, NOW), 64);
    const attempts = t.db.prepare("SELECT MAX(attempts) AS m FROM jobs").get() as { m: number };
    assert.equal(attempts.m, 1);
  });

  test("a stale lease is taken over by another process and the old owner's completion writes nothing", async () => {
    insertThread(t.db, { id: "thread-a", updatedAt: NOW - DAY_SECONDS });
    const source = NOW - DAY_SECONDS;
    const base = { mode: "claim-one" as const, home: t.home, threadId: "thread-a", sourceUpdatedAt: source, leaseSeconds: 60 };
    const first = ((await runWorkers([{ ...base, workerId: "old", now: NOW }])) as Stage1ClaimOutcome[])[0]!;
    if (first.kind !== "claimed") assert.fail(first.kind);
    const second = ((await runWorkers([{ ...base, workerId: "new", now: NOW + 61 }])) as Stage1ClaimOutcome[])[0]!;
    if (second.kind !== "claimed") assert.fail(second.kind);
    const [late] = (await runWorkers([
      { mode: "complete", home: t.home, threadId: "thread-a", token: first.ownershipToken, sourceUpdatedAt: source, now: NOW + 62 },
    ])) as { completed: boolean }[];
    assert.equal(late!.completed, false);
    assert.equal(readOutput(t.db, "thread-a"), undefined);
    const job = readJob(t.db, JOB_KIND_STAGE1, "thread-a")!;
    assert.deepEqual([job.status, job.worker_id, job.ownership_token, job.attempts], ["running", "new", second.ownershipToken, 2]);
    const [owner] = (await runWorkers([
      { mode: "complete", home: t.home, threadId: "thread-a", token: second.ownershipToken, sourceUpdatedAt: source, now: NOW + 63 },
    ])) as { completed: boolean }[];
    assert.equal(owner!.completed, true);
    assert.ok(readOutput(t.db, "thread-a"));
  });
});

/**
 * `engram status` as the user's window on the pipeline: phase-1 jobs by outcome and error class,
 * recent failures with their retry time, sessions waiting (idle window honoured), the last
 * consolidation and the memory folder. Jobs are seeded through engram's own job verbs on a real DB.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { openStateDb } from "../../src/db/stateDb.js";
import { nowSeconds, type Db } from "../../src/db/open.js";
import { claimStage1Job } from "../../src/db/jobs/claimStage1Job.js";
import { failStage1Job } from "../../src/db/jobs/failStage1Job.js";
import { completeStage1Job } from "../../src/db/jobs/completeStage1Job.js";
import { claimGlobalJob } from "../../src/db/jobs/claimGlobalJob.js";
import { failGlobalJob } from "../../src/db/jobs/failGlobalJob.js";
import { completeGlobalJob } from "../../src/db/jobs/completeGlobalJob.js";
import { getStatus } from "../../src/state/status.js";
import { git } from "../../src/util/git.js";
import { runCli } from "../helpers/runCli.js";
import { layoutFixtures, makeTempHome } from "../helpers/tempHome.js";

const FIX = "01a20838-4edc-7e71-b98e-217d5ae0a8ec"; // vscode
const PREFS = "01a20838-54bc-7ca1-9bbc-0da780a6dbc2"; // vscode
const HOUR = 3600;
const SETTINGS = { allowedSources: ["cli", "vscode"], maxAgeDays: 30, minIdleHours: 12, cooldownSeconds: 6 * HOUR };

function setUpdatedAt(db: Db, id: string, t: number): void {
  db.prepare("UPDATE threads SET updated_at = ?, created_at = MIN(created_at, ?) WHERE id = ?").run(t, t, id);
}

function claim(db: Db, id: string, now: number): string {
  const src = (db.prepare("SELECT updated_at AS u FROM threads WHERE id = ?").get(id) as { u: number }).u;
  const c = claimStage1Job(db, { threadId: id, workerId: "w", sourceUpdatedAt: src, maxRunningJobs: 8, now });
  assert.equal(c.kind, "claimed");
  return c.kind === "claimed" ? c.ownershipToken : "";
}

function fail(db: Db, id: string, now: number, errorClass: string, message: string): void {
  assert.ok(failStage1Job(db, { threadId: id, token: claim(db, id, now), errorClass, message, now }));
}

test("sessions wait for the idle window, then are ready; failed, exhausted and running ones are not waiting", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    assert.equal((await runCli(["index"], { env: h.env })).code, 0);
    const t0 = 2_000_000_000;
    const db = openStateDb(h.engramHome);
    try {
      setUpdatedAt(db, FIX, t0);
      setUpdatedAt(db, PREFS, t0 + HOUR);
    } finally {
      db.close();
    }
    const early = getStatus(h.engramHome, SETTINGS, t0 + 2 * HOUR).phase1.waiting;
    assert.deepEqual(early, { ready: 0, notIdleYet: 2, nextIdleAt: t0 + 12 * HOUR }, "the exec session is not an allowed source");
    const mid = getStatus(h.engramHome, SETTINGS, t0 + 12 * HOUR + 60).phase1.waiting;
    assert.deepEqual(mid, { ready: 1, notIdleYet: 1, nextIdleAt: t0 + 13 * HOUR });

    const now = t0 + 20 * HOUR;
    const db2 = openStateDb(h.engramHome);
    try {
      // FIX: three failures in a row → out of retries. PREFS: one failure → retried after the backoff.
      fail(db2, FIX, now - 3 * HOUR, "model_error", "HTTP 500 from the model");
      fail(db2, FIX, now - 2 * HOUR, "model_error", "HTTP 500 again");
      fail(db2, FIX, now - 60, "parse_error", "reply was not JSON");
      fail(db2, PREFS, now - 120, "model_error", "connection reset");
    } finally {
      db2.close();
    }
    const s = getStatus(h.engramHome, SETTINGS, now);
    assert.deepEqual(s.phase1.waiting, { ready: 0, notIdleYet: 0, nextIdleAt: null });
    assert.deepEqual(s.phase1.byOutcome, [{ outcome: "failed", count: 2 }]);
    assert.deepEqual(s.phase1.byErrorClass, [{ errorClass: "model_error", count: 1 }, { errorClass: "parse_error", count: 1 }]);
    assert.equal(s.phase1.failedExhausted, 1);
    assert.equal(s.phase1.failedRetrying, 1);
    assert.deepEqual(
      s.phase1.recentFailures.map((f) => [f.threadId, f.errorClass, f.message, f.retryRemaining, f.retryAt]),
      [
        [FIX, "parse_error", "reply was not JSON", 0, now - 60 + HOUR],
        [PREFS, "model_error", "connection reset", 2, now - 120 + HOUR],
      ],
    );
    assert.match(s.phase1.recentFailures[0]!.title, /^The tests are failing/);
    // After PREFS's backoff it is waiting again.
    assert.equal(getStatus(h.engramHome, SETTINGS, now + 2 * HOUR).phase1.waiting.ready, 1);
  } finally {
    h.cleanup();
  }
});

test("the last consolidation: a failure shows its error and retry delay, a success its cooldown", () => {
  const h = makeTempHome();
  try {
    const now = 2_000_000_000;
    assert.equal(getStatus(h.engramHome, SETTINGS, now).consolidation.state, "never");
    const db = openStateDb(h.engramHome);
    try {
      const c1 = claimGlobalJob(db, { workerId: "w", now });
      assert.ok(c1.kind === "claimed");
      failGlobalJob(db, { token: c1.ownershipToken, errorClass: "failed_agent", message: "model refused", now: now + 10 });
      const failed = getStatus(h.engramHome, SETTINGS, now + 20).consolidation;
      assert.equal(failed.state, "failed");
      assert.equal(failed.lastErrorClass, "failed_agent");
      assert.equal(failed.lastError, "model refused");
      assert.equal(failed.nextAllowedReason, "retry_backoff");
      assert.equal(failed.nextAllowedAt, now + 10 + HOUR);

      const later = now + 2 * HOUR;
      const c2 = claimGlobalJob(db, { workerId: "w", now: later });
      assert.ok(c2.kind === "claimed");
      assert.equal(getStatus(h.engramHome, SETTINGS, later + 1).consolidation.state, "running");
      assert.ok(completeGlobalJob(db, { token: c2.ownershipToken, completedWatermark: 0, selected: [], outcome: "succeeded", now: later + 5 }));
      const ok = getStatus(h.engramHome, SETTINGS, later + 10).consolidation;
      assert.deepEqual(
        [ok.state, ok.lastError, ok.nextAllowedReason, ok.nextAllowedAt],
        ["succeeded", null, "cooldown", later + 5 + 6 * HOUR],
      );
      assert.equal(getStatus(h.engramHome, SETTINGS, later + 7 * HOUR).consolidation.nextAllowedAt, null);
    } finally {
      db.close();
    }
  } finally {
    h.cleanup();
  }
});

test("engram status prints recent failures, waiting sessions, the consolidation and its commit; --json has the same", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    assert.equal((await runCli(["index"], { env: h.env })).code, 0);
    const now = nowSeconds();
    const db = openStateDb(h.engramHome);
    try {
      setUpdatedAt(db, FIX, now - 20 * HOUR);
      setUpdatedAt(db, PREFS, now - 20 * HOUR);
      for (let i = 0; i < 3; i++) fail(db, FIX, now - 10 * HOUR + i * 2 * HOUR, "model_error", "HTTP 429: quota exceeded");
      const c = claimGlobalJob(db, { workerId: "w", now });
      assert.ok(c.kind === "claimed");
      assert.ok(completeGlobalJob(db, { token: c.ownershipToken, completedWatermark: 0, selected: [], outcome: "succeeded", now }));
    } finally {
      db.close();
    }
    const root = path.join(h.engramHome, "memories");
    fs.mkdirSync(root);
    await git(root, ["init", "-q"]);
    fs.writeFileSync(path.join(root, "MEMORY.md"), "# memory\n");
    await git(root, ["add", "-A"]);
    await git(root, ["commit", "-q", "-m", "Consolidate 2 sessions\n\nEngram-Job: abc"]);
    await git(root, ["commit", "-q", "--allow-empty", "-m", "Revert something"]);
    const sha = (await git(root, ["rev-parse", "HEAD~1"])).stdout.trim();

    const r = await runCli(["status"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`memory    ${root}\\n`));
    assert.match(r.stdout, /phase 1   1 job\(s\): 1 failed/);
    assert.match(r.stdout, /failed: 0 will be retried, 1 out of retries/);
    assert.match(r.stdout, /error classes: model_error 1/);
    assert.match(r.stdout, /waiting: 1 session\(s\) ready to extract, 0 not idle yet/);
    assert.match(r.stdout, new RegExp(`${FIX}  The tests are failing`));
    assert.match(r.stdout, /model_error: HTTP 429: quota exceeded \[retries exhausted/);
    assert.match(r.stdout, /phase 2   succeeded, (just now|\d+ s ago), at /);
    assert.match(r.stdout, new RegExp(`last commit: ${sha.slice(0, 12)} Consolidate 2 sessions`));
    assert.match(r.stdout, /next run allowed in 6 h, at .* \(cooldown after a success; --force skips the wait\)/);

    const j = JSON.parse((await runCli(["status", "--json"], { env: h.env })).stdout);
    assert.equal(j.memoryFolder.path, root);
    assert.equal(j.memoryFolder.lastConsolidationCommit.sha, sha);
    assert.equal(j.phase1.recentFailures[0].threadId, FIX);
    assert.equal(j.phase1.recentFailures[0].retryRemaining, 0);
    assert.equal(j.phase1.waiting.ready, 1);
    assert.equal(j.consolidation.state, "succeeded");
    assert.equal(j.consolidation.nextAllowedReason, "cooldown");
  } finally {
    h.cleanup();
  }
});

test("engram status on a fresh home says nothing is indexed and phase 2 never ran", async () => {
  const h = makeTempHome();
  try {
    const r = await runCli(["status"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing indexed yet: run `engram update` \(or `engram index`\)/);
    assert.match(r.stdout, /phase 1   0 job\(s\)\n/);
    assert.match(r.stdout, /phase 2   never run/);
    assert.match(r.stdout, /\(not created yet/);
  } finally {
    h.cleanup();
  }
});

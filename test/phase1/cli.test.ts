/**
 * `engram extract` as a user runs it (real child processes): --dry-run, --thread, --wait, user errors.
 */
import assert from "node:assert/strict";
import path from "node:path";
import Database from "better-sqlite3";
import { after, before, describe, test } from "node:test";
import { claimStage1Job } from "../../src/db/jobs/claimStage1Job.js";
import { completeStage1Job } from "../../src/db/jobs/completeStage1Job.js";
import { openStateDb } from "../../src/db/stateDb.js";
import { LOGS_DB_FILENAME } from "../../src/paths.js";
import { runCli } from "../helpers/runCli.js";
import type { TempHome } from "../helpers/tempHome.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { FIX_TEST_ID, PREFS_ID, indexedHome, jobRow, memoryReply, threadOfRequest, writeConfig } from "./harness.js";

function cliEnv(home: TempHome): Record<string, string> {
  const env = { ...home.env };
  delete env.OPENAI_API_KEY;
  return env;
}

describe("engram extract", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("--dry-run lists sessions with token estimates, calls no model and needs no API key", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    // Default config: the OpenAI provider, whose key is not set.
    const text = await runCli(["extract", "--now", "--dry-run"], { env: cliEnv(home) });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /dry run: 2 session\(s\) would be extracted with gpt-5\.4-mini/);
    // The default model is priced: each session and the total show a cost.
    assert.match(text.stdout, new RegExp(`${FIX_TEST_ID}  The tests are failing.*1 chunk\\(s\\), ~\\d+ tokens in, cost \\$0\\.\\d+`));
    assert.match(text.stdout, /estimated total: ~\d+ tokens in, ~\d+ out, cost \$0\.\d+\n/);

    writeConfig(home.engramHome, server.url); // model "test-extract-model": no price
    const unpriced = await runCli(["extract", "--now", "--dry-run"], { env: cliEnv(home) });
    assert.equal(unpriced.code, 0, unpriced.stderr);
    assert.match(unpriced.stdout, /1 chunk\(s\), ~\d+ tokens in, cost unknown/);
    assert.match(unpriced.stdout, /cost unknown \(no price for test-extract-model\)/);

    writeConfig(home.engramHome, server.url, { model: "gpt-4o-mini" });
    server.requests.length = 0;
    const json = await runCli(["extract", "--now", "--dry-run", "--json"], { env: cliEnv(home) });
    assert.equal(json.code, 0, json.stderr);
    const summary = JSON.parse(json.stdout);
    assert.equal(summary.claimed, 0);
    assert.deepEqual(summary.dryRun.map((e: { threadId: string }) => e.threadId).sort(), [FIX_TEST_ID, PREFS_ID].sort());
    for (const e of summary.dryRun) {
      assert.ok(e.estimatedInputTokens > 1000, "system prompt + transcript");
      assert.ok(e.estimatedCostUsd > 0);
    }
    assert.ok(summary.dryRunTotal.estimatedCostUsd > 0);
    assert.equal(server.requests.length, 0, "no model request");
    assert.equal(jobRow(home, FIX_TEST_ID), undefined, "nothing claimed");
  });

  test("a dry run with no candidate says why: sessions still active, an exec session (text and --json)", async (t) => {
    // Every fixture line dated now: the two interactive sessions are inside the idle window whatever today is.
    const stamp = new Date().toISOString();
    const home = await indexedHome({ transform: (_name, text) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, stamp) });
    t.after(() => home.cleanup());
    const text = await runCli(["extract", "--dry-run"], { env: cliEnv(home) });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /dry run: 0 session\(s\) would be extracted/);
    assert.match(text.stdout, /not extracted:\n {2}2 session\(s\) not idle yet \(idle for 12 h first; --now skips the wait\)\n {2}1 session\(s\) from sources not in allowed_sources \(exec;/);
    const json = JSON.parse((await runCli(["extract", "--dry-run", "--json"], { env: cliEnv(home) })).stdout);
    assert.deepEqual([json.ineligible.notIdle, json.ineligible.sourceNotAllowed, json.ineligible.notAllowedSources], [2, 1, ["exec"]]);
    const now = await runCli(["extract", "--dry-run", "--now"], { env: cliEnv(home) });
    assert.match(now.stdout, /dry run: 2 session\(s\) would be extracted/);
    assert.doesNotMatch(now.stdout, /not idle yet/);
    // A real run with nothing eligible says why and needs no API key (no client is built).
    const run = await runCli(["extract", "--no-progress"], { env: cliEnv(home) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /claimed 0: [^]*\nnot extracted:\n {2}2 session\(s\) not idle yet/);
  });

  test("user errors: an unknown thread id is named; a missing API key names its variable", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    const unknown = await runCli(["extract", "--thread", "no-such-thread", PREFS_ID, "--now"], { env: cliEnv(home) });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown thread id: no-such-thread/);
    assert.match(unknown.stderr, /hint: .*engram threads/);
    assert.doesNotMatch(unknown.stderr, /at .*\.ts:\d+/, "no stack trace");

    const noKey = await runCli(["extract", "--now"], { env: cliEnv(home) });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /OPENAI_API_KEY/);
    assert.match(noKey.stderr, /env_key names the variable that holds the key; the key itself never goes in the config file/);
    assert.equal(jobRow(home, FIX_TEST_ID), undefined, "nothing claimed before the client exists");
  });

  test("--thread extracts only that session and --json prints the summary", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript(() => memoryReply("one"));
    const r = await runCli(["extract", "--thread", PREFS_ID, "--now", "--json"], { env: cliEnv(home) });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.succeeded, 1);
    assert.deepEqual(summary.jobs.map((j: { threadId: string }) => j.threadId), [PREFS_ID]);
    assert.deepEqual(server.requests.map(threadOfRequest), [PREFS_ID]);
    assert.equal(jobRow(home, FIX_TEST_ID), undefined);

    server.setScript(() => ({ kind: "bad_request" }));
    const failed = await runCli(["extract", "--thread", FIX_TEST_ID, "--now", "--no-progress"], { env: cliEnv(home) });
    assert.equal(failed.code, 1, "a failed job exits 1");
    assert.match(failed.stdout, /claimed 1: 0 succeeded, 0 with nothing to remember, 1 failed/);
    assert.match(failed.stdout, new RegExp(`${FIX_TEST_ID}: model_error: bad_request`));
    assert.match(failed.stdout, /engram status/);

    // engram's own log lines for the job are in the logs DB under the thread's id.
    const logs = new Database(path.join(home.engramHome, LOGS_DB_FILENAME), { readonly: true });
    t.after(() => logs.close());
    const rows = logs.prepare("SELECT level, target, message FROM logs WHERE thread_id = ? ORDER BY id").all(FIX_TEST_ID) as { level: string; target: string; message: string }[];
    assert.ok(rows.some((r) => r.level === "INFO" && /claimed/.test(r.message)), JSON.stringify(rows));
    const failure = rows.find((r) => r.level === "WARN" && /failed/.test(r.message));
    assert.ok(failure, JSON.stringify(rows));
    assert.equal(failure.target, "phase1");
    assert.match(failure.message, /failed \(model_error\): bad_request/);
  });

  test("generate_memories = false: extract says phase 1 is off and claims nothing", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { memories: { generate_memories: false } });
    server.requests.length = 0;
    const r = await runCli(["extract", "--now"], { env: cliEnv(home) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /phase 1 is off \(generate_memories = false in config\.toml \[memories\]\)/);
    const json = await runCli(["extract", "--now", "--json"], { env: cliEnv(home) });
    assert.equal(JSON.parse(json.stdout).off, "generate_memories");
    assert.equal(server.requests.length, 0);
    assert.equal(jobRow(home, PREFS_ID), undefined);
  });

  test("--wait returns once another process finishes the targeted thread; without --wait it is reported running", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript(() => memoryReply("should-not-run"));
    const db = openStateDb(home.engramHome);
    t.after(() => db.close());
    const updatedAt = (db.prepare("SELECT updated_at FROM threads WHERE id = ?").get(PREFS_ID) as { updated_at: number }).updated_at;
    const claim = claimStage1Job(db, { threadId: PREFS_ID, workerId: "other-process", sourceUpdatedAt: updatedAt, maxRunningJobs: 64 });
    assert.equal(claim.kind, "claimed");
    const token = claim.kind === "claimed" ? claim.ownershipToken : "";

    const noWait = await runCli(["extract", "--thread", PREFS_ID, "--now", "--json"], { env: cliEnv(home) });
    assert.equal(noWait.code, 1, "a targeted thread left undone exits 1");
    assert.deepEqual(JSON.parse(noWait.stdout).skippedThreads, [{ threadId: PREFS_ID, reason: "skipped_running" }]);

    const started = Date.now();
    const finishElsewhere = setTimeout(() => {
      completeStage1Job(db, { threadId: PREFS_ID, token, sourceUpdatedAt: updatedAt, rawMemory: "m", rolloutSummary: "s", rolloutSlug: null });
    }, 2_500);
    t.after(() => clearTimeout(finishElsewhere));
    const waited = await runCli(["extract", "--thread", PREFS_ID, "--now", "--wait", "--json"], { env: cliEnv(home) });
    assert.equal(waited.code, 0, waited.stderr);
    assert.ok(Date.now() - started >= 2_500, "it waited for the other process");
    const summary = JSON.parse(waited.stdout);
    assert.equal(summary.claimed, 0);
    assert.deepEqual(summary.skippedThreads, [{ threadId: PREFS_ID, reason: "skipped_up_to_date" }]);
    assert.equal(server.requests.length, 0, "the thread was extracted once, by the other process");
  });
});

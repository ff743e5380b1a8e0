/**
 * runPhase1 end to end on the real Codex 0.169 fixtures (indexed by the real indexer) against the
 * loopback model server: what is sent, what is stored, redaction, output parsing outcomes.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { STAGE1_SYSTEM_PROMPT } from "../../src/phase1/prompts.js";
import { STAGE1_OUTPUT_SCHEMA } from "../../src/phase1/output.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import type { TempHome } from "../helpers/tempHome.js";
import {
  EMPTY_REPLY, EXEC_ID, FIX_TEST_ID, PREFS_ID, extract, indexedHome, inputText, jobRow, memoryReply, stage1Row,
  openDb, threadOfRequest, writeConfig,
} from "./harness.js";

const FAKE_KEY = "sk-engramtestABCDEFGHIJKLMNOPQRSTUVWX0123";
const FAKE_GH = "ghp_engramtestabcdefghijklmnopqrstuvwxyz01";

describe("runPhase1 on the real fixtures", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("extracts the two eligible sessions, stores redacted outputs and never sends the exec session", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript((req) => memoryReply(threadOfRequest(req) ?? "unknown", { raw_memory: `fact; token ${FAKE_KEY}` }));

    const summary = await extract(home);

    assert.equal(summary.claimed, 2);
    assert.equal(summary.succeeded, 2);
    assert.equal(summary.failed, 0);
    assert.equal(summary.usage.inputTokens, 200);
    assert.equal(summary.usage.outputTokens, 40);
    assert.deepEqual(server.requests.map(threadOfRequest).sort(), [FIX_TEST_ID, PREFS_ID].sort());
    assert.ok(!server.requests.some((r) => threadOfRequest(r) === EXEC_ID), "the exec session is not interactive");

    for (const id of [FIX_TEST_ID, PREFS_ID]) {
      const row = stage1Row(home, id);
      assert.ok(row, `stage1 row for ${id}`);
      assert.match(row.rollout_summary, new RegExp(`Summary ${id}`));
      assert.ok(!row.raw_memory.includes(FAKE_KEY), "a secret in the model's reply is stored redacted");
      assert.match(row.raw_memory, /\[REDACTED_SECRET\]/);
      const job = jobRow(home, id)!;
      assert.equal(job.status, "done");
      assert.equal(job.outcome, "succeeded");
      assert.equal(job.chunk_count, 1);
      assert.equal(job.input_tokens, 100);
      assert.equal(job.output_tokens, 20);
    }
    assert.equal(jobRow(home, EXEC_ID), undefined);

    const fix = server.requests.find((r) => threadOfRequest(r) === FIX_TEST_ID)!;
    assert.equal(fix.body.instructions, STAGE1_SYSTEM_PROMPT);
    assert.deepEqual(fix.body.text.format.schema, STAGE1_OUTPUT_SCHEMA);
    assert.equal(fix.body.text.format.strict, true);
    const text = inputText(fix);
    assert.match(text, /\[user\] The tests are failing in this repo \(node test\/sum\.test\.js\)/);
    assert.match(text, /\$ node test\/sum\.test\.js\nexit 1/);
    assert.ok(!text.includes("<environment_context>"), "harness fragments are not sent");
    assert.ok(!text.includes("You are Codex"), "Codex's base instructions are not sent");

    // A second run finds both up to date and calls nothing.
    const before = server.requests.length;
    const again = await extract(home);
    assert.equal(again.claimed, 0);
    assert.equal(server.requests.length, before);
  });

  test("secrets planted in a user message and a tool output never reach the model", async (t) => {
    const home = await indexedHome({
      transform: (name, text) =>
        name.includes(FIX_TEST_ID)
          ? text
              .replaceAll("Please find the failing test and fix the bug.", `Please find the failing test and fix the bug. My key is ${FAKE_KEY}`)
              .replaceAll("total 28", `total 28 GITHUB_TOKEN=${FAKE_GH}`)
          : text,
    });
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript(() => memoryReply("x"));

    const summary = await extract(home, { threadIds: [FIX_TEST_ID] });

    assert.equal(summary.succeeded, 1);
    assert.equal(server.requests.length, 1);
    const body = JSON.stringify(server.requests[0]!.body);
    assert.ok(body.includes("My key is [REDACTED_SECRET]"), "the planted user-message secret was in the rollout and got redacted");
    assert.ok(!body.includes(FAKE_KEY) && !body.includes(FAKE_GH), "no request body contains a planted secret");
    assert.ok(!body.includes("engramtest"));
  });

  test("malformed model output fails the job as parse_error; the empty sentinel succeeds with no stage1 row", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.setScript((req) =>
      threadOfRequest(req) === FIX_TEST_ID
        ? { kind: "text", text: "I could not find anything JSON-worthy here." }
        : EMPTY_REPLY,
    );

    const summary = await extract(home);

    assert.equal(summary.failed, 1);
    assert.equal(summary.succeededNoOutput, 1);
    const failed = summary.jobs.find((j) => j.threadId === FIX_TEST_ID)!;
    assert.equal(failed.errorClass, "parse_error");
    assert.match(failed.message!, /not_json/);
    const job = jobRow(home, FIX_TEST_ID)!;
    assert.equal(job.status, "error");
    assert.equal(job.last_error_class, "parse_error");
    assert.ok(job.retry_at !== null && job.retry_at > job.finished_at!, "retry_at is set in the future");
    assert.equal(stage1Row(home, FIX_TEST_ID), undefined);

    assert.equal(stage1Row(home, PREFS_ID), undefined, "no output → no stage1 row");
    const empty = jobRow(home, PREFS_ID)!;
    assert.equal(empty.status, "done");
    assert.equal(empty.outcome, "succeeded_no_output");
    assert.equal(empty.chunk_count, 1);
  });

  test("partial fields (summary without raw memory) are a parse_error", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.setScript(() => ({ kind: "json", value: { rollout_summary: "# did things", rollout_slug: null, raw_memory: "" } }));

    const summary = await extract(home, { threadIds: [PREFS_ID] });

    assert.equal(summary.failed, 1);
    assert.equal(summary.jobs[0]!.errorClass, "parse_error");
    assert.match(summary.jobs[0]!.message!, /half_empty/);
  });

  test("a missing rollout file fails the job as io_error", async (t) => {
    const home: TempHome = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    const { rmSync, readdirSync } = await import("node:fs");
    const dir = `${home.codexHome}/sessions/2026/11/23`;
    for (const f of readdirSync(dir)) if (f.includes(PREFS_ID)) rmSync(`${dir}/${f}`);
    server.requests.length = 0;
    server.setScript(() => memoryReply("x"));

    const summary = await extract(home, { threadIds: [PREFS_ID] });

    assert.equal(summary.failed, 1);
    assert.equal(summary.jobs[0]!.errorClass, "io_error");
    assert.match(summary.jobs[0]!.message!, /ENOENT/);
    assert.equal(server.requests.length, 0);
    assert.equal(jobRow(home, PREFS_ID)!.last_error_class, "io_error");
  });

  test("a job whose lease is taken over mid-run ends ownership_lost and its result is discarded", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript(() => ({ ...memoryReply("late"), delayMs: 800 }));

    const running = extract(home, { threadIds: [PREFS_ID], heartbeatMs: 50 });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const db = openDb(home);
    db.prepare("UPDATE jobs SET ownership_token = 'another-worker' WHERE job_key = ?").run(PREFS_ID);
    db.close();
    const summary = await running;

    assert.equal(summary.failed, 1);
    assert.equal(summary.jobs[0]!.errorClass, "ownership_lost");
    assert.equal(stage1Row(home, PREFS_ID), undefined, "the result is discarded");
    const job = jobRow(home, PREFS_ID)!;
    assert.equal(job.status, "running", "the new owner's row is left alone");
    assert.equal(job.ownership_token, "another-worker");
  });

  test("--wait claims a targeted thread once the other worker's lease expires, and extracts it", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript(() => memoryReply("after-expiry"));
    const db = openDb(home);
    const { updated_at } = db.prepare("SELECT updated_at FROM threads WHERE id = ?").get(PREFS_ID) as { updated_at: number };
    const now = Math.floor(Date.now() / 1000);
    db.prepare(
      `INSERT INTO jobs (kind, job_key, status, worker_id, ownership_token, started_at, lease_until, retry_remaining, input_watermark, attempts)
       VALUES ('memory_stage1', ?, 'running', 'crashed-worker', 'dead-token', ?, ?, 3, ?, 1)`,
    ).run(PREFS_ID, now, now + 3_600, updated_at);
    db.close();
    let offsetMs = 0;
    const expire = setTimeout(() => (offsetMs = 3_601_000), 300);
    t.after(() => clearTimeout(expire));

    const summary = await extract(home, { threadIds: [PREFS_ID], wait: true, waitPollMs: 50, now: () => Date.now() + offsetMs });

    assert.equal(summary.claimed, 1);
    assert.equal(summary.succeeded, 1);
    assert.deepEqual(summary.skippedThreads, []);
    assert.equal(jobRow(home, PREFS_ID)!.attempts, 2);
    assert.match(stage1Row(home, PREFS_ID)!.rollout_summary, /after-expiry/);
  });
});

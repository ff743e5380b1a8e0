/**
 * Every model fault the model layer can report surfaces as a failed job with its class, message and
 * retry_at — never silently — and the job succeeds on a later run once the server is healthy.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startModelServer, type ModelServer, type Reply } from "../support/modelServer.js";
import { PREFS_ID, extract, indexedHome, jobRow, memoryReply, stage1Row, writeConfig } from "./harness.js";

const RETRY_DELAY_SECONDS = 600;

const FAULTS: { name: string; reply: Reply; kind: string; requests: number }[] = [
  { name: "429 on every attempt", reply: { kind: "rate_limited" }, kind: "rate_limited", requests: 2 },
  { name: "500 on every attempt", reply: { kind: "server_error" }, kind: "server_error", requests: 2 },
  { name: "400 bad request", reply: { kind: "bad_request" }, kind: "bad_request", requests: 1 },
  { name: "stream cut on every attempt", reply: { kind: "cut", afterEvents: 2 }, kind: "connection", requests: 2 },
  { name: "server that hangs past the idle timeout", reply: { kind: "hang" }, kind: "timeout", requests: 2 },
  { name: "invalid JSON on the stream", reply: { kind: "invalid_json" }, kind: "invalid_response", requests: 1 },
];

describe("model faults become failed jobs with a class and a retry time", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  for (const fault of FAULTS) {
    test(`${fault.name} → model_error (${fault.kind}), retried later with success`, async (t) => {
      const home = await indexedHome();
      t.after(() => home.cleanup());
      writeConfig(home.engramHome, server.url, { idleTimeoutMs: 150, memories: { retry_delay_seconds: RETRY_DELAY_SECONDS } });
      server.requests.length = 0;
      server.setScript(() => fault.reply);

      const summary = await extract(home, { threadIds: [PREFS_ID] });

      assert.equal(summary.failed, 1, JSON.stringify(summary.jobs));
      const report = summary.jobs[0]!;
      assert.equal(report.errorClass, "model_error");
      assert.equal(report.modelErrorKind, fault.kind, report.message);
      assert.ok(report.message!.startsWith(`${fault.kind}: `));
      assert.ok(server.requests.length >= fault.requests, `at least ${fault.requests} HTTP attempt(s), got ${server.requests.length}`);
      const job = jobRow(home, PREFS_ID)!;
      assert.equal(job.status, "error");
      assert.equal(job.last_error_class, "model_error");
      assert.equal(job.retry_at, job.finished_at! + RETRY_DELAY_SECONDS);
      assert.equal(job.retry_remaining, 2);

      // Before the backoff ends the job is skipped (and the exit reason says why) …
      server.setScript(() => memoryReply("healed"));
      const early = await extract(home, { threadIds: [PREFS_ID] });
      assert.equal(early.claimed, 0);
      assert.deepEqual(early.skippedThreads, [{ threadId: PREFS_ID, reason: "skipped_retry_backoff" }]);

      // … after it, the healthy server's answer is stored.
      const later = await extract(home, { threadIds: [PREFS_ID], now: () => Date.now() + (RETRY_DELAY_SECONDS + 5) * 1000 });
      assert.equal(later.succeeded, 1, JSON.stringify(later.jobs));
      assert.equal(jobRow(home, PREFS_ID)!.status, "done");
      assert.match(stage1Row(home, PREFS_ID)!.rollout_summary, /healed/);
    });
  }
});

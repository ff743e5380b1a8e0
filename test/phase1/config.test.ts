/**
 * The `[memories]` keys that decide whether and what phase 1 extracts: `generate_memories` (off →
 * nothing), `allowed_sources` (which sessions are mined), and `--thread` naming a session of a source
 * that is not mined automatically (an `exec` run): naming it is the opt-in, so it is extracted.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { EXEC_ID, FIX_TEST_ID, PREFS_ID, extract, indexedHome, jobRow, memoryReply, stage1Row, threadOfRequest, writeConfig } from "./harness.js";

describe("phase 1 and the [memories] config", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("generate_memories = false extracts nothing, even a named thread, and says phase 1 is off", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { memories: { generate_memories: false } });
    server.requests.length = 0;
    server.setScript(() => memoryReply("should-not-run"));
    for (const options of [{}, { threadIds: [PREFS_ID] }, { dryRun: true }]) {
      const summary = await extract(home, options);
      assert.equal(summary.off, "generate_memories");
      assert.equal(summary.claimed, 0);
      assert.equal(summary.dryRun, undefined, "a dry run lists nothing either");
    }
    assert.equal(server.requests.length, 0);
    assert.equal(jobRow(home, PREFS_ID), undefined);
    await assert.rejects(extract(home, { threadIds: ["no-such-thread"] }), /unknown thread id: no-such-thread/, "a bad id is still an error");
  });

  test("allowed_sources decides which sessions are mined: [\"exec\"] mines only the exec session", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { memories: { allowed_sources: ["exec"] } });
    server.requests.length = 0;
    server.setScript((req) => memoryReply(threadOfRequest(req) ?? "?"));
    const summary = await extract(home);
    assert.equal(summary.succeeded, 1);
    assert.deepEqual(summary.jobs.map((j) => j.threadId), [EXEC_ID]);
    assert.equal(jobRow(home, FIX_TEST_ID), undefined);
    assert.equal(jobRow(home, PREFS_ID), undefined);
  });

  test("--thread on an exec session extracts it although exec is not in allowed_sources", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url);
    server.requests.length = 0;
    server.setScript((req) => memoryReply(threadOfRequest(req) ?? "?"));
    const all = await extract(home);
    assert.ok(!all.jobs.some((j) => j.threadId === EXEC_ID), "not mined automatically");
    const named = await extract(home, { threadIds: [EXEC_ID] });
    assert.equal(named.succeeded, 1);
    assert.deepEqual(named.skippedThreads, []);
    assert.ok(stage1Row(home, EXEC_ID), "its memory is stored");
    const dry = await extract(home, { threadIds: [EXEC_ID], dryRun: true });
    assert.deepEqual(dry.dryRun, [], "already extracted at this snapshot");
  });
});

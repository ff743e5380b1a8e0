/**
 * Oversized rollouts are split, not truncated or dropped: chunk requests + a merge request, every
 * user message and command in exactly one chunk; and a server that refuses a chunk as too long makes
 * the runner re-split instead of failing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { STAGE1_MERGE_SYSTEM_PROMPT, STAGE1_SYSTEM_PROMPT } from "../../src/phase1/prompts.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { extract, indexedHome, inputText, jobRow, memoryReply, stage1Row, syntheticFile, writeConfig } from "./harness.js";

// inputBudgetTokens(10_715) = 70 % of 10,715 − 5,000 prompt overhead = 2,500 tokens per chunk;
// the generated rollout renders to ~7,500 tokens: three times the budget.
const SMALL_WINDOW = 10_715;
// inputBudgetTokens(20_000) = 9,000: the whole ~7,500-token rollout fits in one chunk.
const ONE_CHUNK_WINDOW = 20_000;

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("chunked extraction", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("a rollout three times the budget is sent as ≥3 chunk requests plus one merge", async (t) => {
    const big = syntheticFile(7, 2);
    const home = await indexedHome({ noFixtures: true, extra: [big] });
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { contextWindow: SMALL_WINDOW });
    server.requests.length = 0;
    server.setScript((req) => memoryReply(req.body.instructions === STAGE1_MERGE_SYSTEM_PROMPT ? "merged" : `part-${req.atMs}`));

    const summary = await extract(home);

    assert.equal(summary.succeeded, 1, JSON.stringify(summary.jobs));
    const chunkRequests = server.requests.filter((r) => r.body.instructions === STAGE1_SYSTEM_PROMPT);
    const merges = server.requests.filter((r) => r.body.instructions === STAGE1_MERGE_SYSTEM_PROMPT);
    assert.ok(chunkRequests.length >= 3, `${chunkRequests.length} chunks`);
    assert.equal(merges.length, 1);
    assert.equal(server.requests.at(-1), merges[0], "the merge comes last");
    assert.equal(summary.jobs[0]!.chunks, chunkRequests.length);
    assert.equal(jobRow(home, big.id)!.chunk_count, chunkRequests.length);
    chunkRequests.forEach((r, i) => assert.match(inputText(r), new RegExp(`part ${i + 1} of ${chunkRequests.length}`)));

    const texts = chunkRequests.map(inputText);
    for (const message of big.facts.userMessages) {
      assert.equal(texts.filter((x) => x.includes(`[user] ${message}`)).length, 1, `user message in exactly one chunk: ${message}`);
    }
    const commands = new Map<string, number>();
    for (const c of big.facts.commands) commands.set(`$ ${c.cmd}\nexit ${c.exitCode}`, (commands.get(`$ ${c.cmd}\nexit ${c.exitCode}`) ?? 0) + 1);
    for (const [command, times] of commands) {
      assert.equal(texts.reduce((n, x) => n + count(x, command), 0), times, `command sent exactly as often as it ran: ${command}`);
    }
    const mergeText = inputText(merges[0]!);
    assert.ok(chunkRequests.every((_, i) => mergeText.includes(`--- part ${i + 1} of ${chunkRequests.length} ---`)));
    assert.match(stage1Row(home, big.id)!.rollout_summary, /merged/);
  });

  test("a context-length refusal re-splits the transcript and the job succeeds", async (t) => {
    const big = syntheticFile(7, 2);
    const home = await indexedHome({ noFixtures: true, extra: [big] });
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { contextWindow: ONE_CHUNK_WINDOW });
    server.requests.length = 0;
    // The server's real window is smaller than engram was told: it refuses the whole transcript.
    server.setScript((req) => (inputText(req).includes("transcript part: complete (1 of 1)") ? { kind: "context_length" } : memoryReply("ok")));

    const summary = await extract(home);

    assert.equal(summary.succeeded, 1, JSON.stringify(summary.jobs));
    assert.ok(summary.jobs[0]!.chunks >= 2);
    assert.equal(server.requests.length, 1 + summary.jobs[0]!.chunks + 1, "the refused request, the chunks, the merge");
    assert.equal(jobRow(home, big.id)!.chunk_count, summary.jobs[0]!.chunks);
  });

  test("a server that refuses every size fails the job as context_length_exceeded after a bounded number of splits", async (t) => {
    const big = syntheticFile(7, 2);
    const home = await indexedHome({ noFixtures: true, extra: [big] });
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { contextWindow: ONE_CHUNK_WINDOW });
    server.requests.length = 0;
    server.setScript(() => ({ kind: "context_length" }));

    const summary = await extract(home);

    assert.equal(summary.failed, 1);
    assert.equal(summary.jobs[0]!.errorClass, "context_length_exceeded");
    assert.match(summary.jobs[0]!.message!, /context_window/);
    assert.equal(server.requests.length, 4, "first try + 3 re-splits, each stopping at its first refused chunk");
    assert.equal(jobRow(home, big.id)!.last_error_class, "context_length_exceeded");
  });
});

/**
 * A rollout whose single line is ~60 MB (a user message the size of a log dump): `engram extract
 * --dry-run` and a real extraction both finish, and what reaches the model is the message's head and
 * tail around a cut marker, not 60 MB. Before the character cap, tokenising such a line aborted V8
 * ("Fatal JavaScript invalid size error").
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { indexRollouts } from "../../src/state/indexRollouts.js";
import { runCli } from "../helpers/runCli.js";
import { makeTempHome } from "../helpers/tempHome.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { inputText, memoryReply, stage1Row, writeConfig } from "./harness.js";
import { HUGE_HEAD, HUGE_TAIL, writeHugeRollout } from "./hugeLine.js";

const CONTEXT_WINDOW_TOKENS = 40_000; // budget 23,000 tokens: a small cut keeps the test fast
const HUGE_LINE_MB = 60;

describe("a rollout with one 60 MB line", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("dry run and a real extraction succeed; the item is cut with a marker, head and tail kept", async (t) => {
    const home = makeTempHome("engram-huge-");
    t.after(() => home.cleanup());
    const sessions = path.join(home.codexHome, "sessions");
    const dir = path.join(sessions, "2026", "11", "23");
    fs.mkdirSync(dir, { recursive: true });
    const { id, file } = writeHugeRollout(dir, 11, "user", HUGE_LINE_MB);
    assert.ok(fs.statSync(file).size > HUGE_LINE_MB * 1_000_000);
    await indexRollouts({ home: home.engramHome, sources: [{ dir: sessions, archived: false }] });
    writeConfig(home.engramHome, server.url, { contextWindow: CONTEXT_WINDOW_TOKENS });

    const dry = await runCli(["extract", "--dry-run", "--now"], { env: home.env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${id} .* \\d+ chunk\\(s\\), ~\\d+ tokens in`));

    server.setScript(() => memoryReply("huge"));
    const run = await runCli(["extract", "--now", "--json", "--thread", id], { env: home.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).succeeded, 1);
    assert.ok(stage1Row(home, id), "the memory is stored");

    const sent = server.requests.map(inputText).join("\n");
    assert.ok(sent.includes(HUGE_HEAD), "the head of the message reaches the model");
    assert.ok(sent.includes(HUGE_TAIL), "the tail of the message reaches the model");
    assert.match(sent, /…\[\d+ (chars|tokens) cut\]…/);
    assert.ok(sent.length < 8 * CONTEXT_WINDOW_TOKENS * server.requests.length, `sent ${sent.length} chars`);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runPhase2 } from "../../src/phase2/run.js";
import { adHocNoteFileName } from "../../src/phase2/workspace/index.js";
import { runCli } from "../helpers/runCli.js";
import { makePhase2Rig, toolOutputsIn, validAgent, type Phase2Rig } from "./support.js";

const SECRET = `sk-proj-${"Ab3Cd4Ef5Gh6".repeat(3)}`;

describe("engram remember", () => {
  let rig: Phase2Rig;
  beforeEach(async () => {
    rig = await makePhase2Rig();
  });
  afterEach(() => rig.close());
  const cli = (...args: string[]) => runCli(args, { env: rig.t.env });

  test("note file names are a UTC timestamp and a slug of the text", () => {
    assert.equal(adHocNoteFileName(new Date("2026-05-01T09:30:00Z"), "I prefer pnpm over npm!"), "2026-05-01T09-30-00-i-prefer-pnpm-over-npm.md");
    assert.equal(adHocNoteFileName(new Date("2026-05-01T09:30:00Z"), "!!!"), "2026-05-01T09-30-00.md");
  });

  test("writes a redacted note that the next consolidation's diff carries to the agent", async () => {
    const r = await cli("remember", "--json", "I prefer pnpm;", `my token is ${SECRET}`);
    assert.equal(r.code, 0, r.stderr);
    const { note, path: file } = JSON.parse(r.stdout) as { note: string; path: string };
    assert.match(note, /^extensions\/ad_hoc\/notes\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-i-prefer-pnpm-my-token-is-redacted-secre\.md$/);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes(SECRET) && !note.includes(SECRET.slice(0, 12).toLowerCase()), "the secret is redacted before it is stored or named");
    assert.match(text, /^I prefer pnpm; my token is /);
    assert.equal(path.relative(rig.root, file), note);
    const again = await cli("remember", "I prefer pnpm;", `my token is ${SECRET}`);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^noted in .*\.md; the next consolidation/);

    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    const run = await runPhase2({ home: rig.home, config: rig.config(), env: {} });
    assert.equal(run.outcome, "succeeded", run.reason);
    assert.ok(run.changes.some((c) => c.status === "A" && c.path === note), JSON.stringify(run.changes));
    assert.match(toolOutputsIn(rig.server.requests[1]!.body)[0]!, /\+I prefer pnpm; my token is \[REDACTED_SECRET\]/);
  });

  test("an empty note is a user error with a hint, not a stack trace", async () => {
    const r = await cli("remember", "  ");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the note is empty\nhint: Pass the text to remember/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { runPhase2 } from "../../src/phase2/run.js";
import { runCli } from "../helpers/runCli.js";
import { makePhase2Rig, toolOutputsIn, validAgent, type Phase2Rig } from "./support.js";

describe("engram history / show / revert", () => {
  let rig: Phase2Rig;
  let commit = "";
  before(async () => {
    rig = await makePhase2Rig();
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent({ report: "Learn the alpha project's test command\n- added task group tests" }));
    const r = await runPhase2({ home: rig.home, config: rig.config(), env: {} });
    assert.equal(r.outcome, "succeeded", r.reason);
    commit = r.commit!;
  });
  after(() => rig.close());
  const cli = (...args: string[]) => runCli(args, { env: rig.t.env });

  test("history lists the consolidation with its subject, newest first", async () => {
    const text = await cli("history");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout.split("\n")[0]!, new RegExp(`^${commit.slice(0, 12)} .*Learn the alpha project's test command`));
    assert.match(text.stdout, /initialise memory folder/);
    const json = JSON.parse((await cli("history", "--json", "--limit", "1")).stdout);
    assert.equal(json.entries.length, 1);
    assert.equal(json.entries[0].sha, commit);
  });

  test("show prints why (message with trailers) and what (the patch)", async () => {
    const r = await cli("show", commit.slice(0, 10));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Learn the alpha project's test command/);
    assert.match(r.stdout, /Engram-Inputs: 1/);
    assert.match(r.stdout, /\+# Task group: tests/);
    const json = JSON.parse((await cli("show", commit, "--json")).stdout);
    assert.ok(json.files.some((f: { path: string }) => f.path === "MEMORY.md"));
  });

  test("show and revert of an unknown revision fail with a clear message, no stack", async () => {
    for (const verb of ["show", "revert"]) {
      const r = await cli(verb, "deadbeef");
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no memory revision deadbeef/);
      assert.match(r.stderr, /hint: Run `engram history`/);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
    }
  });

  test("revert makes a new commit undoing the consolidation, and the next consolidation sees it as a user edit", async () => {
    const r = await cli("revert", commit, "--json");
    assert.equal(r.code, 0, r.stderr);
    const reverted = JSON.parse(r.stdout).commit as string;
    assert.notEqual(reverted, commit);
    assert.ok(!fs.existsSync(path.join(rig.root, "MEMORY.md")));
    rig.server.requests.length = 0;
    rig.server.setScript(validAgent());
    const next = await runPhase2({ home: rig.home, config: rig.config(), env: {}, force: true });
    assert.equal(next.outcome, "succeeded", next.reason);
    assert.ok(next.changes.some((c) => c.status === "D" && c.path === "MEMORY.md"), JSON.stringify(next.changes));
    assert.match(toolOutputsIn(rig.server.requests[1]!.body)[0]!, /- D MEMORY\.md/);
  });

  test("revert refuses a folder with uncommitted edits", async () => {
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), "- dirty\n");
    const r = await cli("revert", commit);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /uncommitted changes/);
  });
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runPhase2 } from "../../src/phase2/run.js";
import { listHistory } from "../../src/phase2/workspace/index.js";
import { runCli } from "../helpers/runCli.js";
import { REPO_ROOT } from "../helpers/tempHome.js";
import { makePhase2Rig, toolOutputsIn, validAgent, VALID_HANDBOOK, type Phase2Rig } from "./support.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("engram consolidate across processes", () => {
  let rig: Phase2Rig;
  beforeEach(async () => {
    rig = await makePhase2Rig();
  });
  afterEach(() => rig.close());

  test("two concurrent consolidations: exactly one runs the agent, the other reports skipped_running", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent({ delayMs: 1000 }));
    const [a, b] = await Promise.all([
      runCli(["consolidate", "--json"], { env: rig.t.env }),
      runCli(["consolidate", "--json"], { env: rig.t.env }),
    ]);
    const outcomes = [a, b].map((r) => JSON.parse(r.stdout).outcome).sort();
    assert.deepEqual(outcomes, ["skipped_running", "succeeded"], `${a.stderr}\n${b.stderr}`);
    assert.deepEqual([a.code, b.code], [0, 0]);
    assert.equal(rig.server.requests.length, 3, "one agent's three turns");
    assert.equal((await listHistory(rig.root)).length, 2);
  });

  test("kill -9 mid-agent leaves partial writes; the next run undoes only the agent's paths, keeps user edits made before and after the crash, and succeeds", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await runPhase2({ home: rig.home, config: rig.config(), env: {} })).outcome, "succeeded");
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), "- user edit before the crash\n");
    rig.seed("thread-b", "beta");
    rig.server.requests.length = 0;
    rig.server.setScript([{ kind: "tool_calls", calls: [{ name: "write", arguments: { path: "MEMORY.md", content: "PARTIAL\n" } }, { name: "write", arguments: { path: "skills/half/SKILL.md", content: "half\n" } }] }, { kind: "hang" }]);
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli/run.ts"), "consolidate", "--force", "--json"], { cwd: REPO_ROOT, env: rig.t.env, stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    const deadline = Date.now() + 30_000;
    while (rig.server.requests.length < 2 && Date.now() < deadline) await sleep(20);
    assert.equal(rig.server.requests.length, 2, "the agent's tool calls ran");
    child.kill("SIGKILL");
    await exited;
    assert.equal(fs.readFileSync(path.join(rig.root, "MEMORY.md"), "utf8"), "PARTIAL\n");
    assert.ok(fs.existsSync(path.join(rig.root, "skills/half/SKILL.md")));

    // After the crash and before the next run the user edits a file the crashed agent never touched
    // and drops a note: the repair must keep both (only the agent's paths go back to the snapshot).
    fs.appendFileSync(path.join(rig.root, "memory_summary.md"), "- user edit after the crash\n");
    fs.writeFileSync(path.join(rig.root, "extensions/ad_hoc/notes/after-crash.md"), "remember: prefer pnpm\n");

    rig.withDb((db) => db.prepare("UPDATE jobs SET lease_until = 1 WHERE kind = 'memory_consolidate_global'").run());
    rig.server.requests.length = 0;
    rig.server.setScript([
      { kind: "tool_calls", calls: [{ name: "read", arguments: { path: "MEMORY.md" } }, { name: "read", arguments: { path: "phase2_workspace_diff.md" } }] },
      ...validAgent({ handbook: `${VALID_HANDBOOK}- user edit before the crash\n` }),
    ]);
    const events: string[] = [];
    const r = await runPhase2({ home: rig.home, config: rig.config(), env: {}, force: true, onEvent: (e) => e.type === "step" && events.push(e.step) });
    assert.equal(r.outcome, "succeeded", r.reason);
    assert.ok(events.includes("repair"));
    assert.ok(rig.logs().some((l) => /^WARN phase 2: a previous consolidation crashed mid-agent; repaired .*: 2 path\(s\) the crashed agent touched$/.test(l)), rig.logs().join("\n"));
    const [seen, diff] = toolOutputsIn(rig.server.requests[1]!.body);
    assert.match(seen!, /user edit before the crash/);
    assert.doesNotMatch(seen!, /PARTIAL/);
    assert.match(diff!, /\+- user edit after the crash/);
    assert.match(diff!, /extensions\/ad_hoc\/notes\/after-crash\.md[\s\S]*\+remember: prefer pnpm/);
    assert.doesNotMatch(diff!, /skills\/half/);
    assert.equal(fs.readFileSync(path.join(rig.root, "extensions/ad_hoc/notes/after-crash.md"), "utf8"), "remember: prefer pnpm\n");
    assert.ok(!fs.existsSync(path.join(rig.root, "skills/half")));
    assert.match(fs.readFileSync(path.join(rig.root, "MEMORY.md"), "utf8"), /user edit before the crash/);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runPhase2 } from "../../src/phase2/run.js";
import { listHistory, showRevision } from "../../src/phase2/workspace/index.js";
import { readJob } from "../jobs/seed.js";
import { makePhase2Rig, toolOutputsIn, validAgent, type Phase2Rig } from "./support.js";

describe("runPhase2", () => {
  let rig: Phase2Rig;
  beforeEach(async () => {
    rig = await makePhase2Rig();
  });
  afterEach(() => rig.close());
  const run = (extra: Partial<Parameters<typeof runPhase2>[0]> = {}) => runPhase2({ home: rig.home, config: rig.config(), env: {}, force: true, ...extra });

  test("tracks the workspace diff across runs: a removed input shows as D and a new one as A", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    const first = await run();
    assert.equal(first.outcome, "succeeded", first.reason);
    assert.ok(first.commit);
    assert.equal(first.selected, 1);
    assert.equal(rig.server.requests.length, 3);
    const firstPrompt = JSON.stringify(rig.server.requests[0]!.body.input);
    assert.match(firstPrompt, /FIRST RUN/);
    assert.match(firstPrompt, /phase2_workspace_diff\.md/);
    const aFile = fs.readdirSync(path.join(rig.root, "rollout_summaries"))[0]!;
    assert.match(aFile, /alpha/);

    rig.withDb((db) => db.prepare("DELETE FROM stage1_outputs WHERE thread_id = 'thread-a'").run());
    rig.seed("thread-b", "beta");
    rig.server.requests.length = 0;
    rig.server.setScript(validAgent({ handbook: "# Task group: beta\n- beta facts\n" }));
    const second = await run();
    assert.equal(second.outcome, "succeeded", second.reason);
    const statuses = second.changes.map((c) => `${c.status} ${c.path}`);
    assert.ok(statuses.includes(`D rollout_summaries/${aFile}`), statuses.join(","));
    assert.ok(statuses.some((s) => /^A rollout_summaries\/.*beta\.md$/.test(s)), statuses.join(","));
    assert.match(JSON.stringify(rig.server.requests[0]!.body.input), /UPDATE/);
    const diffFileSeen = toolOutputsIn(rig.server.requests[1]!.body).join("\n");
    assert.match(diffFileSeen, new RegExp(`- D rollout_summaries/${aFile.replace(/\./g, "\\.")}`));
    assert.match(diffFileSeen, /-summary: alpha/);
    assert.match(diffFileSeen, /\+summary: beta/);
    assert.ok(!fs.existsSync(path.join(rig.root, "phase2_workspace_diff.md")), "the diff file is removed after success");
    const rev = await showRevision(rig.root, second.commit!);
    assert.match(rev.message, /^Record the test sessions in memory/);
    assert.match(rev.message, /Engram-Inputs: 1/);
    assert.ok(!rev.files.some((f) => f.path === "phase2_workspace_diff.md"));
    rig.withDb((db) => {
      const job = readJob(db, "memory_consolidate_global", "global")!;
      assert.equal(job.status, "done");
      assert.equal(job.outcome, "succeeded");
      const sel = db.prepare("SELECT thread_id FROM stage1_outputs WHERE selected_for_phase2 = 1").all();
      assert.deepEqual(sel, [{ thread_id: "thread-b" }]);
    });
  });

  test("no workspace changes: no model request at all, the job is marked done; both runs are in the logs DB", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    rig.server.requests.length = 0;
    rig.server.setScript([]);
    const again = await run();
    assert.equal(again.outcome, "succeeded_no_workspace_changes");
    assert.equal(rig.server.requests.length, 0);
    assert.equal((await listHistory(rig.root)).length, 2);
    const logs = rig.logs().map((l) => l.replace(/\b[0-9a-f]{8,40}\b/g, "<id>").replace(/ownership \S+\)/, "ownership <token>)"));
    assert.deepEqual(logs, [
      "INFO phase 2: claimed the global consolidation job (ownership <token>)",
      "INFO phase 2: consolidation agent started",
      "INFO phase 2: consolidation agent ended (completed) after 3 turn(s), 3 tool call(s), " + logs[2]!.split(", ").at(-1),
      "INFO phase 2: succeeded: committed <id> from 1 input(s), 4 workspace change(s)",
      "INFO phase 2: claimed the global consolidation job (ownership <token>)",
      "INFO phase 2: succeeded_no_workspace_changes",
    ]);
  });

  test("a note dropped in extensions/ad_hoc/notes/ reaches the agent in the diff, with the rule to fold it in and the summary cap", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    fs.writeFileSync(path.join(rig.root, "extensions/ad_hoc/notes/2026-05-01-pnpm.md"), "Remember: I always use pnpm, never npm.\n");
    rig.server.requests.length = 0;
    rig.server.setScript(validAgent());
    const r = await run();
    assert.equal(r.outcome, "succeeded", r.reason);
    assert.deepEqual(r.changes, [{ status: "A", path: "extensions/ad_hoc/notes/2026-05-01-pnpm.md" }]);
    const body = rig.server.requests[0]!.body;
    assert.match(String(body.instructions), /Notes under `extensions\/ad_hoc\/notes\/` are explicit "remember this" requests[\s\S]*Fold/);
    assert.match(String(body.instructions), /under 300 tokens/, "the prompt states the configured summary_token_limit");
    assert.match(JSON.stringify(body.input), /extensions\/ad_hoc\//);
    const diff = toolOutputsIn(rig.server.requests[1]!.body)[0]!;
    assert.match(diff, /extensions\/ad_hoc\/notes\/2026-05-01-pnpm\.md[\s\S]*\+Remember: I always use pnpm, never npm\./);
  });

  test("before the first consolidation, files already in the folder (a hand-written MEMORY.md, a note) reach the agent as added", async () => {
    fs.mkdirSync(path.join(rig.root, "extensions/ad_hoc/notes"), { recursive: true });
    fs.writeFileSync(path.join(rig.root, "MEMORY.md"), "# Task group: mine\n- I wrote this by hand\n");
    fs.writeFileSync(path.join(rig.root, "extensions/ad_hoc/notes/2026-05-01-early.md"), "Remember: tabs, not spaces.\n");
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    const r = await run();
    assert.equal(r.outcome, "succeeded", r.reason);
    const added = r.changes.filter((c) => c.status === "A").map((c) => c.path);
    assert.ok(added.includes("MEMORY.md"), added.join(","));
    assert.ok(added.includes("extensions/ad_hoc/notes/2026-05-01-early.md"), added.join(","));
    const diff = toolOutputsIn(rig.server.requests[1]!.body)[0]!;
    assert.match(diff, /\+- I wrote this by hand/);
    assert.match(diff, /\+Remember: tabs, not spaces\./);
  });

  test("cooldown skips a second run unless forced", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run({ force: false })).outcome, "succeeded");
    rig.seed("thread-b", "beta");
    rig.server.requests.length = 0;
    assert.equal((await run({ force: false })).outcome, "skipped_cooldown");
    assert.equal(rig.server.requests.length, 0);
    rig.server.setScript(validAgent());
    assert.equal((await run({ force: true })).outcome, "succeeded");
  });

  test("extension pruning shows in the diff and the prompt", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    const res = path.join(rig.root, "extensions/chronicle/resources");
    fs.mkdirSync(res, { recursive: true });
    fs.writeFileSync(path.join(rig.root, "extensions/chronicle/instructions.md"), "chronicle\n");
    const nowS = Math.floor(Date.now() / 1000);
    const stamp = new Date((nowS - 8 * 86_400) * 1000).toISOString().slice(0, 19).replaceAll(":", "-");
    const resource = `extensions/chronicle/resources/${stamp}-old.md`;
    fs.writeFileSync(path.join(rig.root, resource), "old resource\n");
    fs.writeFileSync(path.join(res, `${new Date(nowS * 1000).toISOString().slice(0, 19).replaceAll(":", "-")}-new.md`), "new resource\n");
    // Run 2 as of two days ago: the resource is 6 days old and kept (and committed).
    rig.server.setScript(validAgent());
    const second = await run({ now: nowS - 2 * 86_400 });
    assert.equal(second.outcome, "succeeded", second.reason);
    assert.ok(fs.existsSync(path.join(rig.root, resource)));
    rig.server.requests.length = 0;
    // Run 3 today: 8 days old, pruned; the 0-day-old one stays.
    rig.server.setScript(validAgent());
    const third = await run();
    assert.equal(third.outcome, "succeeded", third.reason);
    assert.ok(third.changes.some((c) => c.status === "D" && c.path === resource), JSON.stringify(third.changes));
    assert.equal(third.changes.length, 1);
    assert.ok(!fs.existsSync(path.join(rig.root, resource)));
    assert.match(JSON.stringify(rig.server.requests[0]!.body.input), /removed as too old this run/);
  });

  test("a user's edit to MEMORY.md reaches the agent's diff and is kept in the committed history", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), "- USER NOTE: always use pnpm\n");
    rig.server.requests.length = 0;
    rig.server.setScript([
      { kind: "tool_calls", calls: [{ name: "read", arguments: { path: "phase2_workspace_diff.md" } }] },
      { kind: "text", text: "Keep the user's pnpm note" },
    ]);
    const r = await run();
    assert.equal(r.outcome, "succeeded", r.reason);
    assert.deepEqual(r.changes.map((c) => `${c.status} ${c.path}`), ["M MEMORY.md"]);
    assert.match(toolOutputsIn(rig.server.requests[1]!.body).join("\n"), /\+- USER NOTE: always use pnpm/);
    const rev = await showRevision(rig.root, r.commit!);
    assert.match(rev.patch, /\+- USER NOTE: always use pnpm/);
  });

  test("a model error fails with failed_agent, restores the folder and sets a retry", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript([{ kind: "tool_calls", calls: [{ name: "write", arguments: { path: "MEMORY.md", content: "partial\n" } }] }, { kind: "bad_request" }]);
    const r = await run();
    assert.equal(r.outcome, "failed_agent");
    assert.match(r.reason!, /model error/);
    assert.ok(!fs.existsSync(path.join(rig.root, "MEMORY.md")));
    rig.withDb((db) => {
      const job = readJob(db, "memory_consolidate_global", "global")!;
      assert.equal(job.status, "error");
      assert.equal(job.last_error_class, "failed_agent");
      assert.ok(job.retry_at! > job.finished_at!);
    });
    assert.equal((await run({ force: false })).outcome, "skipped_retry_unavailable");
  });

  test("the turn budget ends a model that never stops calling tools", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(() => ({ kind: "tool_calls", calls: [{ name: "list", arguments: {} }] }));
    const r = await run({ budgets: { maxTurns: 3 } });
    assert.equal(r.outcome, "failed_agent");
    assert.match(r.reason!, /turn budget of 3/);
    assert.equal(rig.server.requests.length, 3);
  });
});

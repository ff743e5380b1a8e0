/**
 * End to end: `engram update --now --json` on the real Codex 0.169 fixtures, with the loopback model
 * server playing both phases (a stage-1 extractor and a tool-calling consolidation agent).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { openStateDb } from "../../src/db/stateDb.js";
import { listHistory } from "../../src/phase2/workspace/index.js";
import { runCli } from "../helpers/runCli.js";
import { FIXTURE_FILES, layoutFixtures, makeTempHome, type TempHome } from "../helpers/tempHome.js";
import { startModelServer, type ModelServer, type RecordedRequest, type Reply } from "../support/modelServer.js";
import { writeLoopbackConfig } from "../phase2/support.js";

const SECRET = `sk-proj-${"Zq9Xw8Vu7Ts6".repeat(3)}`;
const FIX_TEST_ID = "01a20838-4edc-7e71-b98e-217d5ae0a8ec";
const PREFS_ID = "01a20838-54bc-7ca1-9bbc-0da780a6dbc2";

/** Phase 1: a stage-1 JSON that repeats facts (the cwd, a line of the task) from the transcript it got. */
function extractor(req: RecordedRequest): Reply {
  const text = JSON.stringify(req.body.input);
  const cwd = /\/home\/dev\/src\/[a-z-]+/.exec(text)?.[0] ?? "unknown";
  return {
    kind: "json",
    value: {
      rollout_summary: `Session in ${cwd}. The user worked on ${path.basename(cwd)}.`,
      rollout_slug: path.basename(cwd),
      raw_memory: `- In ${cwd}: remember the ${path.basename(cwd)} work.`,
    },
  };
}

/** Phase 2: reads the diff and raw_memories.md, then writes both memory files and reports. */
function agent(req: RecordedRequest): Reply {
  const calls = (req.body.input as any[]).filter((i) => i.type === "function_call").length;
  if (calls === 0) {
    return { kind: "tool_calls", calls: [{ name: "read", arguments: { path: "phase2_workspace_diff.md" } }, { name: "read", arguments: { path: "raw_memories.md" } }] };
  }
  if (calls === 2) {
    const raw = (req.body.input as any[]).filter((i) => i.type === "function_call_output").map((i) => String(i.output)).join("\n");
    const facts = raw.split("\n").filter((l) => l.startsWith("- In "));
    return {
      kind: "tool_calls",
      calls: [
        { name: "write", arguments: { path: "MEMORY.md", content: `# Task group: fixtures\nscope: global\n\n${facts.join("\n")}\n` } },
        { name: "write", arguments: { path: "memory_summary.md", content: `v1\n## What's in memory\n${facts.join("\n")}\n` } },
      ],
    };
  }
  return { kind: "text", text: "Remember the fix-test and prefs sessions\n- added task group fixtures" };
}

describe("engram update end to end", () => {
  let t: TempHome;
  let server: ModelServer;
  before(async () => {
    t = makeTempHome("engram-e2e-");
    server = await startModelServer((req) => (Array.isArray(req.body?.tools) && req.body.tools.length > 0 ? agent(req) : extractor(req)));
    const [fixTest] = layoutFixtures(t.codexHome);
    // Plant a secret in the copy of one eligible session: it must never reach the model.
    const lines = fs.readFileSync(fixTest!, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes("The tests are failing in this repo"));
    assert.ok(i >= 0);
    lines[i] = lines[i]!.replace("The tests are failing in this repo", `My key is ${SECRET}. The tests are failing in this repo`);
    fs.writeFileSync(fixTest!, lines.join("\n"));
    writeLoopbackConfig(t.engramHome, server.url);
  });
  after(async () => {
    await server.close();
    t.cleanup();
  });

  test("indexes, extracts the two vscode sessions, consolidates once, and a second update does nothing", async () => {
    const r = await runCli(["update", "--now", "--json"], { env: t.env, timeoutMs: 90_000 });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.phase1.succeeded, 2, JSON.stringify(summary.phase1));
    assert.equal(summary.phase2.outcome, "succeeded", summary.phase2.reason);
    assert.equal(summary.phase2.selected, 2);
    assert.ok(summary.usage.inputTokens > 0);

    const root = path.join(t.engramHome, "memories");
    const memory = fs.readFileSync(path.join(root, "MEMORY.md"), "utf8");
    assert.match(memory, /\/home\/dev\/src\/fix-test/);
    assert.match(memory, /\/home\/dev\/src\/prefs/);
    assert.match(fs.readFileSync(path.join(root, "memory_summary.md"), "utf8"), /^v1\n/);
    assert.equal(fs.readdirSync(path.join(root, "rollout_summaries")).length, 2);
    const history = await listHistory(root);
    assert.deepEqual(history.map((h) => h.subject), ["Remember the fix-test and prefs sessions", "engram: initialise memory folder"]);

    const db = openStateDb(t.engramHome);
    try {
      const outputs = db.prepare("SELECT thread_id FROM stage1_outputs ORDER BY thread_id").all() as { thread_id: string }[];
      assert.deepEqual(outputs.map((o) => o.thread_id), [FIX_TEST_ID, PREFS_ID].sort());
      const jobs = db.prepare("SELECT kind, status FROM jobs ORDER BY kind, job_key").all();
      assert.deepEqual(jobs, [
        { kind: "memory_consolidate_global", status: "done" },
        { kind: "memory_stage1", status: "done" },
        { kind: "memory_stage1", status: "done" },
      ]);
    } finally {
      db.close();
    }
    const bodies = server.requests.map((q) => JSON.stringify(q.body));
    assert.ok(!bodies.some((b) => b.includes("exec-echo")), "the exec session is not sent");
    assert.ok(!bodies.some((b) => b.includes(SECRET)), "the planted secret never reaches the model");
    assert.ok(bodies.some((b) => b.includes("[REDACTED_SECRET]")), "it was redacted, not dropped");
    assert.ok(FIXTURE_FILES.exec.length > 0);

    const before = server.requests.length;
    const again = await runCli(["update", "--now", "--json"], { env: t.env, timeoutMs: 60_000 });
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout);
    assert.ok(["skipped_cooldown", "succeeded_no_workspace_changes"].includes(second.phase2.outcome), second.phase2.outcome);
    assert.equal(second.phase1.claimed, 0);
    assert.equal(server.requests.length, before, "no model requests on a second update");
    const forced = JSON.parse((await runCli(["update", "--now", "--force", "--json"], { env: t.env })).stdout);
    assert.equal(forced.phase2.outcome, "succeeded_no_workspace_changes");
    assert.equal(server.requests.length, before);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { claimGlobalJob } from "../../src/db/jobs/claimGlobalJob.js";
import { runPhase2 } from "../../src/phase2/run.js";
import { listHistory } from "../../src/phase2/workspace/index.js";
import type { Reply } from "../support/modelServer.js";
import { readJob } from "../jobs/seed.js";
import { makePhase2Rig, toolOutputsIn, treeState, validAgent, VALID_HANDBOOK, VALID_SUMMARY, type Phase2Rig } from "./support.js";

const withoutInputs = (tree: Record<string, string>) =>
  Object.fromEntries(Object.entries(tree).filter(([k]) => k !== "raw_memories.md" && !k.startsWith("rollout_summaries/")));
const write = (p: string, content: string) => ({ name: "write", arguments: { path: p, content } });

describe("phase 2 validation, hostile models and ownership", () => {
  let rig: Phase2Rig;
  beforeEach(async () => {
    rig = await makePhase2Rig();
  });
  afterEach(() => rig.close());
  const run = (extra: Partial<Parameters<typeof runPhase2>[0]> = {}) => runPhase2({ home: rig.home, config: rig.config(), env: {}, force: true, ...extra });

  test("a secret in a hand-edited file never reaches the model: not through read, search, nor the diff file", async () => {
    const key = `ghp_${"Hand3Edit5Key7Q9w1E3r5T7y9U1i3O5p7A9s1D"}`;
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), `- deploy token: ${key}\n`);
    rig.server.requests.length = 0;
    const call = (name: string, args: Record<string, unknown>) => ({ name, arguments: args });
    rig.server.setScript([
      { kind: "tool_calls", calls: [call("read", { path: "phase2_workspace_diff.md" }), call("read", { path: "MEMORY.md" }), call("search", { query: "deploy token" })] },
      ...validAgent().slice(1),
    ]);
    const r = await run();
    assert.equal(r.outcome, "succeeded", r.reason);
    const outputs = toolOutputsIn(rig.server.requests[1]!.body);
    assert.equal(outputs.length, 3);
    for (const o of outputs) assert.match(o, /\[REDACTED_SECRET\]/);
    for (const req of rig.server.requests) assert.ok(!JSON.stringify(req.body).includes(key.slice(4)), "no request carries the key");
  });

  /** A committed first consolidation, then a user edit: the pre-run state the failing run must restore. */
  async function baselineWithUserEdit(): Promise<Record<string, string>> {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    assert.equal((await run()).outcome, "succeeded");
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), "- user edit kept\n");
    rig.seed("thread-b", "beta");
    return treeState(rig.root);
  }

  const invalid: [string, Reply[], RegExp][] = [
    ["a summary without v1", [{ kind: "tool_calls", calls: [write("memory_summary.md", "no version\n")] }], /must start with the line "v1"/],
    ["a summary over the token limit", [{ kind: "tool_calls", calls: [write("memory_summary.md", `v1\n${"word ".repeat(2000)}`)] }], /tokens; the limit is 300/],
    ["a deleted MEMORY.md", [{ kind: "tool_calls", calls: [{ name: "delete", arguments: { path: "MEMORY.md" } }] }], /MEMORY\.md is missing/],
    ["a file outside the layout", [{ kind: "tool_calls", calls: [write("notes.txt", "stray\n")] }], /notes\.txt is outside the memory layout/],
    ["an edited input", [{ kind: "tool_calls", calls: [write("raw_memories.md", "rewritten\n")] }], /raw_memories\.md is an input/],
  ];
  for (const [name, replies, reason] of invalid) {
    test(`${name} fails validation, restores the folder byte for byte and the next run sees the same diff`, async () => {
      const before = await baselineWithUserEdit();
      rig.server.requests.length = 0;
      rig.server.setScript([{ kind: "tool_calls", calls: [{ name: "read", arguments: { path: "phase2_workspace_diff.md" } }] }, ...replies, { kind: "text", text: "done" }]);
      const failed = await run();
      assert.equal(failed.outcome, "failed_validation");
      assert.match(failed.reason!, reason);
      // The folder is back to the pre-agent snapshot: user edits and every file the agent did not own
      // are byte-identical; the inputs are the ones this run materialised (the retry writes the same).
      assert.deepEqual(withoutInputs(treeState(rig.root)), withoutInputs(before));
      assert.ok(!fs.existsSync(path.join(rig.root, "phase2_workspace_diff.md")));
      assert.equal((await listHistory(rig.root)).length, 2, "nothing committed");
      rig.withDb((db) => {
        const job = readJob(db, "memory_consolidate_global", "global")!;
        assert.equal(job.last_error_class, "failed_validation");
        assert.match(job.last_error!, reason);
      });
      const why = rig.logs().find((l) => l.startsWith("WARN phase 2: failed_validation: "));
      assert.ok(why, rig.logs().join("\n"));
      assert.match(why, reason);
      const firstDiff = toolOutputsIn(rig.server.requests[1]!.body)[0];
      rig.server.requests.length = 0;
      rig.server.setScript(validAgent({ handbook: `${VALID_HANDBOOK}- user edit kept\n` }));
      const next = await run();
      assert.equal(next.outcome, "succeeded", next.reason);
      assert.equal(toolOutputsIn(rig.server.requests[1]!.body)[0], firstDiff, "same diff file on the retry");
      assert.match(fs.readFileSync(path.join(rig.root, "MEMORY.md"), "utf8"), /user edit kept/);
    });
  }

  test("a hostile model cannot touch anything outside the folder or .git, and the run ends cleanly", async () => {
    rig.seed("thread-a", "alpha");
    const sibling = path.join(rig.t.root, "sibling");
    fs.mkdirSync(sibling);
    fs.writeFileSync(path.join(sibling, "secret.txt"), "untouched\n");
    fs.mkdirSync(rig.root, { recursive: true });
    fs.symlinkSync(sibling, path.join(rig.root, "skills-link"));
    const siblingBefore = treeState(sibling);
    rig.server.setScript([
      { kind: "tool_calls", calls: [
        write("/tmp/engram-hostile-abs.md", "x"),
        write("../sibling/secret.txt", "pwned"),
        write("skills-link/secret.txt", "pwned"),
        write(".git/hooks/pre-commit", "#!/bin/sh\ntouch /tmp/engram-pwned\n"),
        write(".GIT/config", "x"),
        write("MEMORY.md", "x".repeat(2 * 1024 * 1024)),
      ] },
      ...validAgent(),
    ]);
    const r = await run();
    assert.ok(r.outcome === "succeeded" || r.outcome === "failed_validation", `${r.outcome}: ${r.reason}`);
    const refusals = toolOutputsIn(rig.server.requests[1]!.body);
    assert.equal(refusals.filter((o) => o.startsWith("error:")).length, 6, refusals.join("\n"));
    const refusedLogs = rig.logs().filter((l) => /^INFO phase 2: agent tool call write ".*" refused: /.test(l));
    assert.equal(refusedLogs.length, 6, rig.logs().join("\n"));
    assert.ok(refusedLogs.some((l) => l.includes('"../sibling/secret.txt"')));
    assert.deepEqual(treeState(sibling), siblingBefore);
    assert.ok(!fs.existsSync("/tmp/engram-hostile-abs.md"));
    assert.ok(!fs.existsSync(path.join(rig.root, ".git/hooks/pre-commit")));
    assert.ok((await listHistory(rig.root)).length >= 1, ".git still works");
    if (r.outcome === "succeeded") assert.equal(fs.readFileSync(path.join(rig.root, "memory_summary.md"), "utf8"), VALID_SUMMARY);
  });

  test("losing the lease to another worker mid-agent: ownership_lost, nothing committed, the new owner's row intact", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript([
      { kind: "tool_calls", calls: [write("MEMORY.md", "partial\n")] },
      { kind: "text", text: "finished", delayMs: 1500 },
    ]);
    const running = run({ heartbeatMs: 100 });
    while (rig.server.requests.length < 2) await new Promise((r) => setTimeout(r, 20));
    let otherToken = "";
    rig.withDb((db) => {
      db.prepare("UPDATE jobs SET lease_until = 1 WHERE kind = 'memory_consolidate_global'").run();
      const claim = claimGlobalJob(db, { workerId: "other-worker", force: true });
      assert.equal(claim.kind, "claimed");
      if (claim.kind === "claimed") otherToken = claim.ownershipToken;
    });
    const r = await running;
    assert.equal(r.outcome, "ownership_lost");
    assert.equal(r.commit, undefined);
    assert.equal((await listHistory(rig.root)).length, 1);
    assert.ok(!fs.existsSync(path.join(rig.root, "MEMORY.md")), "the partial write is undone");
    rig.withDb((db) => {
      const job = readJob(db, "memory_consolidate_global", "global")!;
      assert.equal(job.status, "running");
      assert.equal(job.worker_id, "other-worker");
      assert.equal(job.ownership_token, otherToken);
      assert.equal(job.last_error, null);
    });
    assert.ok(rig.logs().some((l) => l.startsWith("WARN phase 2: ownership_lost: lost global phase-2 ownership")), rig.logs().join("\n"));
  });
});

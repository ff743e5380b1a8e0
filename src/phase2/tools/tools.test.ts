import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTool, type ToolResult } from "./runTool.js";
import { ToolSession } from "./session.js";
import { TOOL_DEFINITIONS } from "./definitions.js";
import { applyUnifiedDiff } from "./applyPatch.js";
import { ensureParentDirs, resolveToolPath } from "./pathSafety.js";

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-tools-"));
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put("MEMORY.md", "# Handbook\nalpha\nBeta line\nalpha again\n");
  put("rollout_summaries/a.md", "thread_id: x\nneedle here\n");
  put("phase2_workspace_diff.md", "# Memory Workspace Diff\n");
  const session = new ToolSession(root);
  const call = (name: string, args: object): ToolResult => runTool(session, name, JSON.stringify(args));
  const ok = (name: string, args: object): string => {
    const r = call(name, args);
    assert.ok(r.ok, `${name} ${JSON.stringify(args)} failed: ${r.ok ? "" : r.error}`);
    return r.output;
  };
  const fails = (name: string, args: object, pattern: RegExp): void => {
    const r = call(name, args);
    assert.equal(r.ok, false, `${name} ${JSON.stringify(args)} should fail`);
    if (!r.ok) assert.match(r.error, pattern);
  };
  return { root, session, call, ok, fails, put };
}

test("every tool has a function-calling definition with a closed object schema", () => {
  assert.deepEqual(TOOL_DEFINITIONS.map((d) => d.name), ["list", "read", "search", "write", "edit", "apply_patch", "delete", "move"]);
  for (const d of TOOL_DEFINITIONS) {
    assert.equal(d.parameters.additionalProperties, false);
    for (const r of d.parameters.required) assert.ok(r in d.parameters.properties, `${d.name}.${r}`);
  }
});

test("list shows the top level or a whole tree, folders marked with /", () => {
  const { ok } = setup();
  assert.equal(ok("list", {}), "MEMORY.md (39 bytes)\nphase2_workspace_diff.md (24 bytes)\nrollout_summaries/");
  assert.match(ok("list", { recursive: true }), /rollout_summaries\/\nrollout_summaries\/a\.md \(25 bytes\)$/);
  assert.match(ok("list", { path: "nothing/here" }), /empty or missing/);
});

test("read returns line ranges with the total and rejects ranges past the end", () => {
  const { ok, fails } = setup();
  assert.equal(ok("read", { path: "MEMORY.md", startLine: 2, endLine: 3 }), "MEMORY.md (lines 2-3 of 4)\nalpha\nBeta line");
  fails("read", { path: "MEMORY.md", startLine: 9 }, /past the end/);
  fails("read", { path: "MEMORY.md", startLine: 0 }, /≥ 1/);
  fails("read", { path: "missing.md" }, /not found: missing\.md/);
  fails("read", { path: "rollout_summaries" }, /not a file/);
});

test("read cuts a long file at the token cap and says where to continue", () => {
  const { ok, put } = setup();
  put("skills/big/SKILL.md", Array.from({ length: 6000 }, (_, i) => `line ${i} with several words of text`).join("\n"));
  const out = ok("read", { path: "skills/big/SKILL.md" });
  const m = /\[truncated: continue with startLine (\d+)\]$/.exec(out);
  assert.ok(m, "truncated marker");
  assert.ok(Number(m[1]) > 100 && Number(m[1]) < 6000);
});

test("search finds substrings as path:line:content, case-insensitively on request", () => {
  const { ok } = setup();
  assert.equal(ok("search", { query: "alpha" }), "MEMORY.md:2:alpha\nMEMORY.md:4:alpha again");
  assert.equal(ok("search", { query: "beta" }), "no matches");
  assert.equal(ok("search", { query: "beta", caseSensitive: false }), "MEMORY.md:3:Beta line");
  assert.equal(ok("search", { query: "needle", path: "rollout_summaries" }), "rollout_summaries/a.md:2:needle here");
  assert.match(ok("search", { query: "a", maxResults: 1 }), /truncated/);
});

test("write creates parent folders atomically and edit replaces exact text", () => {
  const { root, ok, fails } = setup();
  assert.match(ok("write", { path: "skills/deploy/SKILL.md", content: "one\ntwo\n" }), /created skills\/deploy\/SKILL\.md \(8 bytes\)/);
  assert.equal(fs.readFileSync(path.join(root, "skills/deploy/SKILL.md"), "utf8"), "one\ntwo\n");
  ok("edit", { path: "skills/deploy/SKILL.md", oldText: "two", newText: "$& 2" });
  assert.equal(fs.readFileSync(path.join(root, "skills/deploy/SKILL.md"), "utf8"), "one\n$& 2\n");
  fails("edit", { path: "MEMORY.md", oldText: "alpha", newText: "x" }, /occurs 2 times/);
  fails("edit", { path: "MEMORY.md", oldText: "gamma", newText: "x" }, /not found/);
  assert.match(ok("edit", { path: "MEMORY.md", oldText: "alpha", newText: "omega", replaceAll: true }), /2 replacements/);
  assert.equal(fs.readdirSync(path.join(root, "skills/deploy")).length, 1, "no temp files left behind");
});

test("apply_patch applies hunks, tolerates shifted line numbers and rejects mismatched context", () => {
  const { root, ok, fails } = setup();
  const patch = "--- a/MEMORY.md\n+++ b/MEMORY.md\n@@ -2,2 +2,3 @@\n alpha\n-Beta line\n+Gamma line\n+Delta line\n";
  ok("apply_patch", { path: "MEMORY.md", patch });
  assert.equal(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), "# Handbook\nalpha\nGamma line\nDelta line\nalpha again\n");
  fails("apply_patch", { path: "MEMORY.md", patch }, /does not match/);
  ok("apply_patch", { path: "MEMORY.md", patch: "@@ -1,1 +1,1 @@\n-alpha again\n+alpha once more\n" });
  assert.match(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), /alpha once more\n$/);
  ok("apply_patch", { path: "skills/new/SKILL.md", patch: "--- /dev/null\n+++ b/skills/new/SKILL.md\n@@ -0,0 +1,2 @@\n+hello\n+world\n" });
  assert.equal(fs.readFileSync(path.join(root, "skills/new/SKILL.md"), "utf8"), "hello\nworld\n");
  fails("apply_patch", { path: "MEMORY.md", patch: "no hunks" }, /no hunks/);
});

test("applyUnifiedDiff handles multiple hunks and a missing final newline", () => {
  const text = "a\nb\nc\nd\ne\nf\ng\n";
  const patch = "@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -6,2 +6,3 @@\n f\n g\n+h\n\\ No newline at end of file\n";
  assert.equal(applyUnifiedDiff(text, patch), "A\nb\nc\nd\ne\nf\ng\nh");
  assert.throws(() => applyUnifiedDiff("x\nx\n", "@@\n-x\n+y\n"), /matches 2 places/);
});

test("delete removes files and empty folders, non-empty folders only with recursive; move renames", () => {
  const { root, ok, fails } = setup();
  ok("write", { path: "skills/a/SKILL.md", content: "x" });
  fails("delete", { path: "skills" }, /non-empty folder/);
  ok("move", { from: "skills/a", to: "skills/b" });
  assert.ok(fs.existsSync(path.join(root, "skills/b/SKILL.md")));
  fails("move", { from: "skills/b/SKILL.md", to: "MEMORY.md" }, /destination exists/);
  fails("move", { from: "skills/b", to: "skills/b/inner" }, /into itself/);
  ok("delete", { path: "skills/b/SKILL.md" });
  ok("delete", { path: "skills/b" });
  ok("write", { path: "skills/c/d/SKILL.md", content: "x" });
  ok("delete", { path: "skills", recursive: true });
  assert.equal(fs.existsSync(path.join(root, "skills")), false);
  fails("delete", { path: "skills" }, /not found/);
});

test("bad calls come back as readable errors, never exceptions", () => {
  const { call, fails } = setup();
  fails("nope", {}, /unknown tool "nope"/);
  assert.deepEqual(call("read", {}).ok, false);
  const bad = runTool(setup().session, "read", "{not json");
  assert.equal(bad.ok, false);
  fails("read", { path: "MEMORY.md", extra: 1 }, /unknown argument "extra"/);
  fails("read", { path: 5 }, /"path" must be a string/);
  fails("read", { path: "MEMORY.md", startLine: 1.5 }, /integer/);
  const missingRoot = runTool("/definitely/not/here", "list", "{}");
  assert.equal(missingRoot.ok, false);
});

test("a .. segment is refused even when it resolves inside the folder (it could step around the extensions/ and diff-file rules)", () => {
  const { root, fails } = setup();
  fs.mkdirSync(path.join(root, "extensions/ad_hoc/notes"), { recursive: true });
  fails("write", { path: "skills/../extensions/ad_hoc/notes/x.md", content: "planted" }, /escapes the memory folder/);
  fails("write", { path: "skills/../phase2_workspace_diff.md", content: "forged" }, /escapes the memory folder/);
  fails("read", { path: "rollout_summaries/../MEMORY.md" }, /escapes the memory folder/);
  assert.equal(fs.existsSync(path.join(root, "extensions/ad_hoc/notes/x.md")), false);
  assert.equal(fs.readFileSync(path.join(root, "phase2_workspace_diff.md"), "utf8"), "# Memory Workspace Diff\n");
});

test("creating parent folders refuses a symlink that appeared after the path was resolved", () => {
  const { root, session } = setup();
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "engram-tools-outside-"));
  try {
    const p = resolveToolPath(session, "skills/new/SKILL.md");
    assert.equal(p.stat, undefined);
    fs.symlinkSync(outside, path.join(root, "skills")); // swapped in between the check and the write
    assert.throws(() => ensureParentDirs(session, p), /skills is a symlink/);
    assert.deepEqual(fs.readdirSync(outside), [], "nothing was created through the link");
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

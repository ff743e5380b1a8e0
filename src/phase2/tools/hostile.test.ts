/**
 * A hostile agent: every escape attempt must be refused, and afterwards nothing outside the memory
 * folder (a sibling "secrets" folder) may have changed and `.git` must be intact.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { git } from "../../util/git.js";
import { prepareWorkspace } from "../workspace/prepare.js";
import { commitWorkspace } from "../workspace/history.js";
import { runTool } from "./runTool.js";
import { ToolSession } from "./session.js";

/** path → content (or "dir"/"link:<target>") of everything under `dir`, symlinks not followed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) out[r] = `link:${fs.readlinkSync(path.join(dir, r))}`;
      else if (st.isDirectory()) {
        out[r] = `dir:${st.mode & 0o777}`;
        walk(r);
      } else out[r] = `${st.mode & 0o777}:${fs.readFileSync(path.join(dir, r), "base64")}`;
    }
  };
  walk("");
  return out;
}

async function hostileSetup() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "engram-hostile-"));
  const root = path.join(base, "memories");
  const outside = path.join(base, "secrets");
  fs.mkdirSync(path.join(outside, "sub"), { recursive: true });
  fs.writeFileSync(path.join(outside, "secret.md"), "TOP SECRET needle\n");
  fs.writeFileSync(path.join(outside, "sub/deep.md"), "deep needle\n");
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, "MEMORY.md"), "handbook\n");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  // Planted by "someone": links inside the folder pointing outside.
  fs.symlinkSync(outside, path.join(root, "skills_link"));
  fs.mkdirSync(path.join(root, "skills"));
  fs.symlinkSync(path.join(outside, "secret.md"), path.join(root, "skills/leak.md"));
  fs.symlinkSync(outside, path.join(root, "skills/dirlink"));
  return { base, root, outside };
}

test("escape attempts are refused and nothing outside the folder or in .git changes", async () => {
  const { root, outside } = await hostileSetup();
  const outsideBefore = snapshot(outside);
  const gitBefore = snapshot(path.join(root, ".git"));
  const headBefore = (await git(root, ["rev-parse", "HEAD"])).stdout;
  const session = new ToolSession(root, { maxFileBytes: 1000, maxTotalWriteBytes: 2500 });
  const refused = (name: string, args: object, pattern: RegExp) => {
    const r = runTool(session, name, JSON.stringify(args));
    assert.equal(r.ok, false, `${name} ${JSON.stringify(args)} must be refused, got: ${r.ok ? r.output : ""}`);
    if (!r.ok) assert.match(r.error, pattern, `${name} ${JSON.stringify(args)}`);
  };

  const escapes: [string, RegExp][] = [
    [path.join(outside, "secret.md"), /absolute/],
    ["/etc/passwd", /absolute/],
    ["../secrets/secret.md", /escapes the memory folder: \.\.\/secrets\/secret\.md/],
    ["a/../../secrets/secret.md", /escapes/],
    ["skills/../../secrets/secret.md", /escapes/],
    ["..", /escapes/],
    ["C:/Windows/x.md", /relative paths/],
    ["..\\secrets\\secret.md", /relative paths/],
    ["~/x.md", /absolute/],
    ["MEMORY.md\0.txt", /NUL/],
    ["skills_link/secret.md", /symlink/],
    ["skills_link/sub/deep.md", /symlink/],
    ["skills/leak.md", /symlink/],
    ["skills/dirlink/secret.md", /symlink/],
  ];
  for (const [p, pattern] of escapes) {
    refused("read", { path: p }, pattern);
    refused("write", { path: p, content: "pwned" }, pattern);
    refused("edit", { path: p, oldText: "TOP", newText: "pwned" }, pattern);
    refused("apply_patch", { path: p, patch: "@@ -1 +1 @@\n-TOP SECRET needle\n+pwned\n" }, pattern);
    refused("delete", { path: p, recursive: true }, pattern);
    refused("move", { from: p, to: "stolen.md" }, pattern);
    refused("move", { from: "MEMORY.md", to: p }, pattern);
    refused("list", { path: p }, pattern);
    refused("search", { query: "needle", path: p }, pattern);
  }
  // Walking the folder never follows the planted links.
  const all = runTool(session, "search", JSON.stringify({ query: "needle" }));
  assert.deepEqual(all, { ok: true, output: "no matches" });
  const listing = runTool(session, "list", JSON.stringify({ recursive: true }));
  assert.ok(listing.ok && !/leak|dirlink|skills_link|\.git\//.test(listing.output), listing.ok ? listing.output : "");
  // A recursive delete of a folder holding links removes the links, not their targets.
  const del = runTool(session, "delete", JSON.stringify({ path: "skills", recursive: true }));
  assert.ok(del.ok);

  for (const p of [".git/hooks/pre-commit", ".GIT/config", "skills/x/.git/config", ".Git", "./.git/HEAD"]) {
    refused("write", { path: p, content: "#!/bin/sh\ntouch /tmp/pwned\n" }, /\.git/);
    refused("read", { path: p }, /\.git/);
    refused("delete", { path: p, recursive: true }, /\.git/);
    refused("list", { path: p }, /\.git/);
    refused("move", { from: "MEMORY.md", to: p }, /\.git/);
  }
  refused("write", { path: ".gitignore", content: "" }, /hidden/);
  refused("write", { path: "phase2_workspace_diff.md", content: "forged" }, /generated by engram/);
  refused("delete", { path: "phase2_workspace_diff.md" }, /generated by engram/);
  refused("write", { path: "extensions/ad_hoc/notes/x.md", content: "x" }, /extensions/);
  refused("delete", { path: "extensions", recursive: true }, /extensions/);
  refused("delete", { path: "", recursive: true }, /must name a file|cannot be changed/);
  refused("delete", { path: ".", recursive: true }, /must name a file|cannot be changed/);

  // Size cap and budget.
  refused("write", { path: "skills/big/SKILL.md", content: "x".repeat(1001) }, /at most 1000 bytes/);
  assert.ok(runTool(session, "write", JSON.stringify({ path: "skills/a/SKILL.md", content: "y".repeat(1000) })).ok);
  assert.ok(runTool(session, "write", JSON.stringify({ path: "skills/b/SKILL.md", content: "y".repeat(1000) })).ok);
  refused("write", { path: "skills/c/SKILL.md", content: "y".repeat(600) }, /budget exhausted/);
  refused("edit", { path: "skills/a/SKILL.md", oldText: "y", newText: "z", replaceAll: true }, /budget exhausted/);
  assert.equal(session.bytesWritten, 2000);
  assert.equal(fs.existsSync(path.join(root, "skills/c")), false);

  assert.deepEqual(snapshot(outside), outsideBefore);
  assert.deepEqual(snapshot(path.join(root, ".git")), gitBefore);
  assert.equal((await git(root, ["rev-parse", "HEAD"])).stdout, headBefore);
  await git(root, ["fsck", "--no-progress"]);
  assert.equal(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), "handbook\n");
});

test("a symlinked memory root is refused outright", async () => {
  const { base, outside } = await hostileSetup();
  fs.symlinkSync(outside, path.join(base, "linked-root"));
  const r = runTool(path.join(base, "linked-root"), "list", "{}");
  assert.equal(r.ok, false);
});

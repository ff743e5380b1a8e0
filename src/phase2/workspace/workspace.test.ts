import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { git } from "../../util/git.js";
import { EngramError } from "../../errors.js";
import { prepareWorkspace, INITIAL_COMMIT_MESSAGE } from "./prepare.js";
import { workspaceDiff, renderWorkspaceDiffFile, writeWorkspaceDiffFile } from "./diff.js";
import { commitWorkspace, restoreWorkspace, snapshotWorkspace, listHistory } from "./history.js";
import { AD_HOC_INSTRUCTIONS_MD } from "./adHocInstructions.js";

function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ws-"));
  return path.join(dir, "memories");
}
const write = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

test("prepare creates the repo, a .gitignore naming the diff file, the ad-hoc extension and an initial commit", async () => {
  const root = tempRoot();
  fs.mkdirSync(root, { recursive: true });
  write(root, "MEMORY.md", "existing\n");
  const r = await prepareWorkspace(root);
  assert.equal(r.initialised, true);
  assert.equal(fs.readFileSync(path.join(root, ".gitignore"), "utf8"), "phase2_workspace_diff.md\n");
  const log = await listHistory(root);
  assert.equal(log.length, 1);
  assert.equal(log[0]!.subject, INITIAL_COMMIT_MESSAGE);
  const tracked = (await git(root, ["ls-files"])).stdout.split("\n").filter(Boolean);
  assert.deepEqual(tracked.sort(), [".gitignore", "MEMORY.md"]);
  assert.equal(fs.readFileSync(path.join(root, "extensions/ad_hoc/instructions.md"), "utf8"), AD_HOC_INSTRUCTIONS_MD);
  assert.ok(fs.existsSync(path.join(root, "extensions/ad_hoc/notes/.gitkeep")));
});

test("prepare never overwrites the ad-hoc instructions and removes a stale diff file", async () => {
  const root = tempRoot();
  await prepareWorkspace(root);
  write(root, "extensions/ad_hoc/instructions.md", "user's own version\n");
  write(root, "phase2_workspace_diff.md", "stale");
  const r = await prepareWorkspace(root);
  assert.equal(r.initialised, false);
  assert.equal(r.seededAdHocInstructions, false);
  assert.equal(fs.readFileSync(path.join(root, "extensions/ad_hoc/instructions.md"), "utf8"), "user's own version\n");
  assert.equal(fs.existsSync(path.join(root, "phase2_workspace_diff.md")), false);
});

test("prepare refuses a root that is a symlink or a file, leaving the target untouched", async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ws-"));
  const target = path.join(base, "real");
  fs.mkdirSync(target);
  fs.symlinkSync(target, path.join(base, "link"));
  await assert.rejects(prepareWorkspace(path.join(base, "link")), (e: unknown) => e instanceof EngramError && /symlink/.test(e.message));
  assert.deepEqual(fs.readdirSync(target), []);
  fs.writeFileSync(path.join(base, "file"), "x");
  await assert.rejects(prepareWorkspace(path.join(base, "file")), (e: unknown) => e instanceof EngramError && /not a directory/.test(e.message));
});

test("prepare adds the diff file to an existing repo's .gitignore and the change shows up in the diff", async () => {
  const root = tempRoot();
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "seed" });
  fs.writeFileSync(path.join(root, ".gitignore"), "other\n");
  await commitWorkspace(root, { message: "user changed gitignore" });
  await prepareWorkspace(root);
  assert.equal(fs.readFileSync(path.join(root, ".gitignore"), "utf8"), "other\nphase2_workspace_diff.md\n");
  const d = await workspaceDiff(root);
  assert.deepEqual(d.changes, [{ status: "M", path: ".gitignore" }]);
});

test("the diff shows A/M/D with deleted head content and leaves the real index untouched", async () => {
  const root = tempRoot();
  fs.mkdirSync(root, { recursive: true });
  write(root, "MEMORY.md", "old\n");
  write(root, "rollout_summaries/deleted.md", "gone line 1\ngone line 2\n");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  const indexBefore = fs.readFileSync(path.join(root, ".git/index"));

  write(root, "MEMORY.md", "new\n");
  write(root, "memory_summary.md", "summary\n");
  fs.rmSync(path.join(root, "rollout_summaries/deleted.md"));
  const d = await workspaceDiff(root);
  assert.deepEqual(d.changes, [
    { status: "M", path: "MEMORY.md" },
    { status: "A", path: "memory_summary.md" },
    { status: "D", path: "rollout_summaries/deleted.md" },
  ]);
  assert.match(d.patch, /diff --git a\/MEMORY.md b\/MEMORY.md/);
  assert.match(d.patch, /^-old$/m);
  assert.match(d.patch, /^\+new$/m);
  assert.match(d.patch, /deleted file mode 100644/);
  assert.match(d.patch, /^-gone line 2$/m);
  assert.deepEqual(fs.readFileSync(path.join(root, ".git/index")), indexBefore);
  assert.equal((await git(root, ["status", "--porcelain"])).stdout.includes("memory_summary.md"), true, "still untracked");

  const file = fs.readFileSync(writeWorkspaceDiffFile(root, d), "utf8");
  assert.match(file, /^# Memory Workspace Diff\n\n.+engram.+\n\n## Status\n\n- M MEMORY.md\n- A memory_summary.md\n- D rollout_summaries\/deleted.md\n\n## Diff\n\n```diff\ndiff --git/);
  assert.deepEqual((await workspaceDiff(root)).changes.map((c) => c.path).includes("phase2_workspace_diff.md"), false);
});

test("an executable-bit change is reported as modified with old and new modes", async () => {
  const root = tempRoot();
  fs.mkdirSync(root, { recursive: true });
  write(root, "skills/x/run.sh", "echo hi\n");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  fs.chmodSync(path.join(root, "skills/x/run.sh"), 0o755);
  const d = await workspaceDiff(root);
  assert.deepEqual(d.changes, [{ status: "M", path: "skills/x/run.sh" }]);
  assert.match(d.patch, /old mode 100644\nnew mode 100755/);
});

test("an unchanged workspace renders '- none' and an empty diff block", async () => {
  const root = tempRoot();
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  const d = await workspaceDiff(root);
  assert.deepEqual(d, { changes: [], patch: "" });
  assert.match(renderWorkspaceDiffFile(d), /## Status\n\n- none\n\n## Diff\n\n```diff\n```\n$/);
});

test("the rendered diff is cut on a character boundary with a truncation marker", () => {
  const patch = "+" + "é".repeat(10); // 21 bytes
  const out = renderWorkspaceDiffFile({ changes: [{ status: "A", path: "a.md" }], patch }, 6);
  assert.match(out, /```diff\n\+éé\n\[workspace diff truncated at 6 bytes\]\n```/);
  assert.equal(out.includes("\uFFFD"), false);
});

test("commit creates parented history, skips when nothing changed, and carries trailers", async () => {
  const root = tempRoot();
  await prepareWorkspace(root);
  const first = await commitWorkspace(root, { message: "one" });
  write(root, "MEMORY.md", "a\n");
  write(root, "phase2_workspace_diff.md", "transient");
  const second = await commitWorkspace(root, { message: "two\n\nwhy it changed", trailers: { "Engram-Run": "r1" } });
  assert.ok(first && second);
  assert.equal(await commitWorkspace(root, { message: "three" }), null);
  const parent = (await git(root, ["rev-parse", `${second}^`])).stdout.trim();
  assert.equal(parent, first);
  const tracked = (await git(root, ["ls-files"])).stdout;
  assert.equal(tracked.includes("phase2_workspace_diff.md"), false);
  const log = await listHistory(root, { limit: 2 });
  assert.equal(log[0]!.subject, "two");
  assert.match(log[0]!.body, /why it changed\n\nEngram-Run: r1/);
  assert.deepEqual(log[0]!.stats, { filesChanged: 1, insertions: 1, deletions: 0 });
});

test("restore brings back HEAD exactly and removes stray files, ignored ones included", async () => {
  const root = tempRoot();
  fs.mkdirSync(root, { recursive: true });
  write(root, "MEMORY.md", "kept\n");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  write(root, "MEMORY.md", "garbage\n");
  write(root, "stray/dir/file.md", "x");
  write(root, "phase2_workspace_diff.md", "x");
  fs.rmSync(path.join(root, ".gitignore"));
  await restoreWorkspace(root);
  assert.equal(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), "kept\n");
  assert.equal(fs.existsSync(path.join(root, "stray")), false);
  assert.equal(fs.existsSync(path.join(root, "phase2_workspace_diff.md")), false);
  assert.ok(fs.existsSync(path.join(root, ".gitignore")));
  assert.deepEqual((await workspaceDiff(root)).changes, []);
});

test("restore to a snapshot keeps the user's pre-run edits as uncommitted changes", async () => {
  const root = tempRoot();
  fs.mkdirSync(root, { recursive: true });
  write(root, "MEMORY.md", "v1\n");
  write(root, "old.md", "x\n");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "baseline" });
  write(root, "MEMORY.md", "user edit\n");
  write(root, "rollout_summaries/new.md", "input\n");
  fs.rmSync(path.join(root, "old.md"));
  const snap = await snapshotWorkspace(root);
  write(root, "MEMORY.md", "agent broke it\n");
  write(root, "junk.txt", "x");
  await restoreWorkspace(root, { snapshot: snap });
  assert.equal(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), "user edit\n");
  assert.equal(fs.existsSync(path.join(root, "junk.txt")), false);
  assert.deepEqual((await workspaceDiff(root)).changes, [
    { status: "M", path: "MEMORY.md" },
    { status: "D", path: "old.md" },
    { status: "A", path: "rollout_summaries/new.md" },
  ]);
  assert.equal((await listHistory(root)).length, 2, "HEAD did not move");
});

test("the diff file stays out of the diff and the history even when .gitignore no longer names it", async () => {
  const root = tempRoot();
  await prepareWorkspace(root);
  write(root, ".gitignore", "other\n"); // a hand edit dropped engram's line
  write(root, "phase2_workspace_diff.md", "transient");
  write(root, "MEMORY.md", "a\n");
  const diff = await workspaceDiff(root);
  const paths = diff.changes.map((c) => c.path);
  assert.ok(paths.includes(".gitignore") && paths.includes("MEMORY.md"), paths.join(","));
  assert.equal(paths.includes("phase2_workspace_diff.md"), false);
  assert.equal(diff.patch.includes("transient"), false);
  assert.ok(await commitWorkspace(root, { message: "edit" }));
  const tracked = (await git(root, ["ls-files"])).stdout.split("\n");
  assert.equal(tracked.includes("phase2_workspace_diff.md"), false);
});

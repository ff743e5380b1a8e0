import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EngramError } from "../../errors.js";
import { git } from "../../util/git.js";
import { prepareWorkspace } from "./prepare.js";
import { commitWorkspace, listHistory, revertCommitMessage, revertRevision, showRevision } from "./history.js";

async function repoWithThreeCommits() {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "engram-hist-")), "memories");
  await prepareWorkspace(root);
  await commitWorkspace(root, { message: "seed ad-hoc extension" });
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put("MEMORY.md", "line a\n\nfiller 1\nfiller 2\nfiller 3\nfiller 4\n\nline z\n");
  const c1 = (await commitWorkspace(root, { message: "first consolidation\n\nadds the handbook" }))!;
  put("skills/deploy/SKILL.md", "deploy steps\n");
  const c2 = (await commitWorkspace(root, { message: "second consolidation\n\nadds a skill" }))!;
  put("MEMORY.md", "line a\n\nfiller 1\nfiller 2\nfiller 3\nfiller 4\n\nline z changed\n");
  const c3 = (await commitWorkspace(root, { message: "third consolidation" }))!;
  return { root, c1, c2, c3, put };
}

test("history lists consolidations newest first with subject, body and stats", async () => {
  const { root, c1, c3 } = await repoWithThreeCommits();
  const log = await listHistory(root);
  assert.deepEqual(log.map((e) => e.subject).slice(0, 4), ["third consolidation", "second consolidation", "first consolidation", "seed ad-hoc extension"]);
  assert.equal(log[0]!.sha, c3);
  assert.equal(log[2]!.sha, c1);
  assert.equal(log[2]!.body, "adds the handbook");
  assert.deepEqual(log[0]!.stats, { filesChanged: 1, insertions: 1, deletions: 1 });
  assert.match(log[0]!.date, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal((await listHistory(root, { limit: 1 })).length, 1);
});

test("show returns the message (the why), the files and the patch of a revision", async () => {
  const { root, c2 } = await repoWithThreeCommits();
  const rev = await showRevision(root, c2.slice(0, 10));
  assert.equal(rev.sha, c2);
  assert.equal(rev.message, "second consolidation\n\nadds a skill\n");
  assert.deepEqual(rev.files, [{ status: "A", path: "skills/deploy/SKILL.md" }]);
  assert.match(rev.patch, /^\+deploy steps$/m);
});

test("revert of a middle commit creates a new commit undoing only that revision", async () => {
  const { root, c2, c3 } = await repoWithThreeCommits();
  const sha = await revertRevision(root, c2);
  assert.notEqual(sha, c3);
  assert.equal((await git(root, ["rev-parse", `${sha}^`])).stdout.trim(), c3);
  assert.equal(fs.existsSync(path.join(root, "skills/deploy/SKILL.md")), false);
  assert.match(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), /line z changed/);
  assert.equal((await listHistory(root, { limit: 1 }))[0]!.subject, `engram: revert ${c2.slice(0, 12)} (second consolidation)`);
  assert.match((await showRevision(root, sha)).message, new RegExp(`This reverts commit ${c2}\\.`));
  // Reverting the revert brings the skill back, with engram's subject again (no nested `Revert "Revert "…""`).
  const again = await revertRevision(root, sha);
  assert.equal(fs.existsSync(path.join(root, "skills/deploy/SKILL.md")), true);
  assert.equal((await listHistory(root, { limit: 1 }))[0]!.subject, `engram: revert ${sha.slice(0, 12)} (engram: revert ${c2.slice(0, 12)} (second consolidation))`);
  assert.notEqual(again, sha);
});

test("the revert subject cuts a long original subject", () => {
  const msg = revertCommitMessage("a".repeat(40), "x".repeat(200));
  const subject = msg.split("\n")[0]!;
  assert.equal(subject, `engram: revert ${"a".repeat(12)} (${"x".repeat(59)}…)`);
});

test("a conflicting revert aborts with a clear error and leaves the folder as it was", async () => {
  const { root, c1, c3 } = await repoWithThreeCommits();
  // c1 created MEMORY.md; c3 changed it since, so undoing c1 conflicts (modify/delete).
  await assert.rejects(revertRevision(root, c1), (e: unknown) => e instanceof EngramError && e.code === "memory_revert_conflict" && /conflicts/.test(e.message));
  assert.equal((await git(root, ["rev-parse", "HEAD"])).stdout.trim(), c3);
  assert.equal((await git(root, ["status", "--porcelain"])).stdout, "");
  assert.match(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), /line z changed/);
});

test("revert refuses while the folder has uncommitted changes", async () => {
  const { root, c2, put } = await repoWithThreeCommits();
  put("MEMORY.md", "user typing\n");
  await assert.rejects(revertRevision(root, c2), (e: unknown) => e instanceof EngramError && e.code === "memory_folder_dirty");
  assert.equal(fs.readFileSync(path.join(root, "MEMORY.md"), "utf8"), "user typing\n");
});

test("unknown or option-like revisions are refused with a clear error", async () => {
  const { root } = await repoWithThreeCommits();
  for (const rev of ["deadbeefdeadbeef", "no-such-branch", "--all", ""]) {
    await assert.rejects(showRevision(root, rev), (e: unknown) => e instanceof EngramError && /revision/.test(e.message), rev);
    await assert.rejects(revertRevision(root, rev), EngramError);
  }
});

test("history functions refuse a folder that has no engram history", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-hist-"));
  await assert.rejects(listHistory(root), (e: unknown) => e instanceof EngramError && e.code === "memory_history_missing" && /engram update/.test(e.hint ?? ""));
});

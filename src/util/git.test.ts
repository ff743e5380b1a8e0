import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { git, GitError, isolatedGitEnv } from "./git.js";

test("git runs isolated: no global config, explicit identity, inherited GIT_* variables dropped", () => {
  process.env.GIT_DIR = "/somewhere/else";
  try {
    const env = isolatedGitEnv({ GIT_INDEX_FILE: "/tmp/i" });
    assert.equal(env.GIT_DIR, undefined);
    assert.equal(env.GIT_CONFIG_GLOBAL, "/dev/null");
    assert.equal(env.GIT_CONFIG_NOSYSTEM, "1");
    assert.equal(env.GIT_AUTHOR_NAME, "engram");
    assert.equal(env.GIT_INDEX_FILE, "/tmp/i");
  } finally {
    delete process.env.GIT_DIR;
  }
});

test("a repository's own hooks never run and stdin input reaches git", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-git-"));
  await git(dir, ["init", "-q", "-b", "main"]);
  const marker = path.join(dir, "..", `hook-ran-${path.basename(dir)}`);
  fs.writeFileSync(path.join(dir, ".git/hooks/pre-commit"), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "a.md"), "a\n");
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-F", "-"], { input: "from stdin\n" });
  assert.equal(fs.existsSync(marker), false);
  assert.equal((await git(dir, ["log", "-1", "--format=%s %an"])).stdout.trim(), "from stdin engram");
});

test("failures throw GitError naming the command and git's stderr; accepted codes return", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-git-"));
  await git(dir, ["init", "-q"]);
  await assert.rejects(git(dir, ["rev-parse", "--verify", "no-such-ref"]), (e: unknown) => {
    assert.ok(e instanceof GitError);
    assert.match(e.message, /git rev-parse --verify no-such-ref failed/);
    assert.equal(e.exitStatus, 128);
    return true;
  });
  const r = await git(dir, ["rev-parse", "--verify", "-q", "HEAD"], { okCodes: [1] });
  assert.equal(r.code, 1);
});

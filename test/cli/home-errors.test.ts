/**
 * A bad ENGRAM_HOME is a user mistake: exit 1 with a message naming the path and the variable, no
 * stack, a JSON error with --json, and never a hang. Read-only commands on a home that does not exist
 * yet report "nothing indexed" without creating it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runCli } from "../helpers/runCli.js";
import { makeTempHome } from "../helpers/tempHome.js";

const STACK_LINE = /\bat .*\.(ts|js):\d+/;

test("ENGRAM_HOME pointing at a file: exit 1, the path and the variable named, no stack; --json prints the error", async () => {
  const h = makeTempHome();
  try {
    const file = path.join(h.root, "a-file");
    fs.writeFileSync(file, "not a folder");
    const env = { ...h.env, ENGRAM_HOME: file };
    for (const cmd of [["threads"], ["index"]]) {
      const r = await runCli(cmd, { env });
      assert.equal(r.code, 1, `${cmd.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^engram: ENGRAM_HOME is ${file}, which is a file, not a folder\nhint: `));
      assert.doesNotMatch(r.stderr, STACK_LINE);
      assert.doesNotMatch(r.stderr, /internal error|This is a bug/);
    }
    const j = await runCli(["index", "--json"], { env });
    assert.equal(j.code, 1);
    assert.deepEqual(JSON.parse(j.stdout).error.code, "not_a_folder");
    assert.match(JSON.parse(j.stdout).error.message, /ENGRAM_HOME is .*, which is a file, not a folder/);
  } finally {
    h.cleanup();
  }
});

test("ENGRAM_HOME under a file cannot be created: exit 1 naming the file, fast, no stack", async () => {
  const h = makeTempHome();
  try {
    const file = path.join(h.root, "a-file");
    fs.writeFileSync(file, "x");
    const home = path.join(file, "engram");
    const r = await runCli(["index", "--json"], { env: { ...h.env, ENGRAM_HOME: home }, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).error.message, `ENGRAM_HOME is ${home}, which cannot be created: ${file} is a file, not a folder`);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  } finally {
    h.cleanup();
  }
});

test("ENGRAM_HOME under /proc fails at once instead of spinning", { skip: !fs.existsSync("/proc/self") }, async () => {
  const h = makeTempHome();
  try {
    const r = await runCli(["index"], { env: { ...h.env, ENGRAM_HOME: "/proc/engram-test-home" }, timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^engram: ENGRAM_HOME is \/proc\/engram-test-home, which cannot be created: /);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  } finally {
    h.cleanup();
  }
});

test("status and threads on a home that does not exist yet say nothing is indexed and do not create it", async () => {
  const h = makeTempHome();
  try {
    const home = path.join(h.root, "not-yet");
    const env = { ...h.env, ENGRAM_HOME: home };
    const status = await runCli(["status"], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /nothing indexed yet: run `engram update` \(or `engram index`\)/);
    const statusJson = JSON.parse((await runCli(["status", "--json"], { env })).stdout);
    assert.equal(statusJson.stateDbExists, false);
    assert.equal(statusJson.threads.total, 0);
    const threads = await runCli(["threads"], { env });
    assert.equal(threads.code, 0, threads.stderr);
    assert.match(threads.stdout, /^no threads indexed yet: run `engram update` \(or `engram index`\)/);
    assert.deepEqual(JSON.parse((await runCli(["threads", "--json"], { env })).stdout), { total: 0, threads: [] });
    assert.equal(fs.existsSync(home), false, "a read-only command created ENGRAM_HOME");
  } finally {
    h.cleanup();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { runCli } from "../helpers/runCli.js";
import { FIXTURE_FILES, layoutFixtures, makeTempHome } from "../helpers/tempHome.js";

test("engram index --json prints one summary document on stdout; a second run reads nothing", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    const r = await runCli(["index", "--json"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.deepEqual(
      Object.keys(s).sort(),
      [
        "badLines", "elapsedMs", "filesAppended", "filesMissing", "filesNew", "filesRead", "filesRewritten",
        "filesSeen", "filesUnchanged", "filesUnreadable", "filesWrittenByOther", "firstBadLines", "sources",
        "threadsAdded", "threadsUpdated", "warnings",
      ],
    );
    assert.equal(s.filesSeen, 3);
    assert.equal(s.threadsAdded, 3);
    assert.deepEqual(s.warnings, [], "a missing default archived_sessions is normal");
    assert.deepEqual(s.sources.map((x: { archived: boolean }) => x.archived), [false, true]);
    const again = JSON.parse((await runCli(["index", "--json"], { env: h.env })).stdout);
    assert.equal(again.filesRead, 0);
    assert.equal(again.filesUnchanged, 3);
  } finally {
    h.cleanup();
  }
});

test("without a terminal, engram index prints the text summary on stdout and nothing else", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome);
    fs.appendFileSync(fix!, "{broken\n");
    const r = await runCli(["index"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /files: 3 seen, 3 read \(3 new/);
    assert.match(r.stdout, /threads: 3 added, 0 updated/);
    assert.match(r.stdout, new RegExp(`bad lines: 1\\n  .*${FIXTURE_FILES.fixTest}:\\d+: invalid JSON`));
    assert.match(r.stderr, /engram warn: 1 bad line\(s\)/, "the warning goes to stderr, not stdout");
    assert.doesNotMatch(r.stdout, /engram warn/);
  } finally {
    h.cleanup();
  }
});

test("--source replaces the default sources and --add-source adds one", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    const extra = path.join(h.root, "extra");
    fs.mkdirSync(extra);
    fs.copyFileSync(path.join(h.codexHome, "sessions/2026/11/23", FIXTURE_FILES.fixTest), path.join(extra, FIXTURE_FILES.exec));
    const only = JSON.parse((await runCli(["index", "--json", "--source", extra], { env: h.env })).stdout);
    assert.deepEqual(only.sources.map((s: { dir: string }) => s.dir), [extra]);
    assert.equal(only.filesSeen, 1);
    const added = JSON.parse((await runCli(["index", "--json", "--add-source", extra], { env: h.env })).stdout);
    assert.equal(added.sources.length, 3);
    assert.equal(added.filesSeen, 2);
  } finally {
    h.cleanup();
  }
});

test("two engram index processes at once on one home both succeed and leave the right rows", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    // More files than one write batch would hold is not needed: both processes race on the same rows.
    const [a, b] = await Promise.all([runCli(["index", "--json"], { env: h.env }), runCli(["index", "--json"], { env: h.env })]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const sa = JSON.parse(a.stdout);
    const sb = JSON.parse(b.stdout);
    assert.equal(sa.threadsAdded + sb.threadsAdded, 3, "each thread is added exactly once");
    const db = new Database(path.join(h.engramHome, "state.sqlite"), { readonly: true });
    const rows = db.prepare(`SELECT id, tokens_used, missing FROM threads ORDER BY id`).all();
    const files = db.prepare(`SELECT COUNT(*) n, SUM(offset = size) complete FROM rollout_files`).get();
    db.close();
    assert.deepEqual(rows, [
      { id: "01a20838-4edc-7e71-b98e-217d5ae0a8ec", tokens_used: 52009, missing: 0 },
      { id: "01a20838-54bc-7ca1-9bbc-0da780a6dbc2", tokens_used: 30050, missing: 0 },
      { id: "01a20838-6d96-71e1-975f-19e55293b2df", tokens_used: 19736, missing: 0 },
    ]);
    assert.deepEqual(files, { n: 3, complete: 3 });
  } finally {
    h.cleanup();
  }
});

test("engram threads filters by cwd, source and since, and prints JSON", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    const empty = await runCli(["threads"], { env: h.env });
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /^no threads indexed yet: run `engram update` \(or `engram index`\)/);
    await runCli(["index"], { env: h.env });
    const none = await runCli(["threads", "--source", "mcp"], { env: h.env });
    assert.match(none.stdout, /^no threads match these filters \(3 indexed\)/);
    const all = await runCli(["threads"], { env: h.env });
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^id\s+updated\s+source\s+cwd\s+title/);
    assert.equal(all.stdout.trim().split("\n").length, 4);
    const byCwd = JSON.parse((await runCli(["threads", "--json", "--cwd", "/home/dev/src/prefs"], { env: h.env })).stdout);
    assert.deepEqual(byCwd.threads.map((t: { id: string }) => t.id), ["01a20838-54bc-7ca1-9bbc-0da780a6dbc2"]);
    const exec = JSON.parse((await runCli(["threads", "--json", "--source", "exec"], { env: h.env })).stdout);
    assert.deepEqual(exec.threads.map((t: { cwd: string }) => t.cwd), ["/home/dev/src/exec-echo"]);
    const since = JSON.parse((await runCli(["threads", "--json", "--since", "2026-11-23T11:44:00Z"], { env: h.env })).stdout);
    assert.equal(since.threads.length, 2);
    const bad = await runCli(["threads", "--since", "last tuesday"], { env: h.env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--since "last tuesday" is neither/);
    assert.doesNotMatch(bad.stderr, /\bat .*\.ts:\d+/);
  } finally {
    h.cleanup();
  }
});

test("engram status --json counts threads by source, files and (empty) jobs", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest, FIXTURE_FILES.prefs]);
    layoutFixtures(h.codexHome, [FIXTURE_FILES.exec], { archived: true });
    await runCli(["index"], { env: h.env });
    const r = await runCli(["status", "--json"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.stateDb, path.join(h.engramHome, "state.sqlite"));
    assert.deepEqual(s.threads, {
      total: 3,
      missing: 0,
      archived: 1,
      bySource: [
        { source: "vscode", count: 2 },
        { source: "exec", count: 1 },
      ],
    });
    assert.equal(s.files.total, 3);
    assert.deepEqual(s.jobs, []);
    assert.equal(s.stage1Outputs, 0);
  } finally {
    h.cleanup();
  }
});

test("a state DB written by a newer engram is refused with a clear message, exit 1 and no stack", async () => {
  const h = makeTempHome();
  try {
    const dbFile = path.join(h.engramHome, "state.sqlite");
    const db = new Database(dbFile);
    db.pragma("user_version = 9999");
    db.close();
    for (const args of [["index"], ["status"], ["threads"]]) {
      const r = await runCli(args, { env: h.env });
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /schema version 9999, but this engram only knows up to \d+/);
      assert.match(r.stderr, /hint: upgrade engram/);
      assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js):\d+/);
    }
    const json = await runCli(["status", "--json"], { env: h.env });
    assert.equal(JSON.parse(json.stdout).error.code, "db_too_new");
  } finally {
    h.cleanup();
  }
});

test("a --source that does not exist is a warning on stderr, and the other sources are still indexed", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome);
    const nowhere = path.join(h.root, "does/not/exist");
    const r = await runCli(["index", "--add-source", nowhere], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`engram: warning: rollout folder ${nowhere} does not exist`));
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, "no stack trace");
    assert.match(r.stdout, /threads: 3 added/);
    const j = JSON.parse((await runCli(["index", "--json", "--source", nowhere], { env: h.env })).stdout);
    assert.equal(j.filesSeen, 0);
    assert.equal(j.warnings.length, 2);
    assert.match(j.warnings[1], /no rollout folder found.*CODEX_HOME.*--source DIR/);
  } finally {
    h.cleanup();
  }
});

test("engram index with no $CODEX_HOME/sessions says so and how to point engram at the sessions", async () => {
  const h = makeTempHome();
  try {
    const r = await runCli(["index"], { env: h.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`rollout folder ${path.join(h.codexHome, "sessions")} does not exist`));
    assert.match(r.stderr, /no rollout folder found/);
    assert.doesNotMatch(r.stderr, /archived_sessions/, "a missing archived_sessions alone is normal");
  } finally {
    h.cleanup();
  }
});

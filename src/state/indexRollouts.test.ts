import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { indexRollouts } from "./indexRollouts.js";
import { openStateDb } from "../db/stateDb.js";
import { defaultRolloutSources } from "../paths.js";
import { FIXTURE_FILES, layoutFixtures, makeTempHome, type TempHome } from "../../test/helpers/tempHome.js";
import type { IndexSummary } from "./types.js";

const ID = {
  fixTest: "01a20838-4edc-7e71-b98e-217d5ae0a8ec",
  prefs: "01a20838-54bc-7ca1-9bbc-0da780a6dbc2",
  exec: "01a20838-6d96-71e1-975f-19e55293b2df",
};

function run(h: TempHome): Promise<IndexSummary> {
  return indexRollouts({ home: h.engramHome, sources: defaultRolloutSources(h.env), now: 2_000_000_000 });
}

function threadRow(h: TempHome, id: string): Record<string, unknown> | undefined {
  const db = openStateDb(h.engramHome);
  try {
    return db.prepare(`SELECT * FROM threads WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

function fileRow(h: TempHome, p: string): Record<string, unknown> {
  const db = openStateDb(h.engramHome);
  try {
    return db.prepare(`SELECT * FROM rollout_files WHERE path = ?`).get(p) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

/** A later token_count line for `file`: its last token_count with a new timestamp and total. */
function laterTokenCountLine(file: string, isoTimestamp: string, totalTokens: number): string {
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  const last = lines.filter((l) => l.includes(`"type":"token_count"`)).pop()!;
  const obj = JSON.parse(last);
  obj.timestamp = isoTimestamp;
  obj.payload.info.total_token_usage.total_tokens = totalTokens;
  return JSON.stringify(obj) + "\n";
}

test("a cold index stores the fixtures' real metadata; archived sessions are flagged; a re-index opens nothing", async () => {
  const h = makeTempHome();
  try {
    layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest, FIXTURE_FILES.prefs]);
    layoutFixtures(h.codexHome, [FIXTURE_FILES.exec], { archived: true });
    const first = await run(h);
    assert.equal(first.filesSeen, 3);
    assert.equal(first.filesRead, 3);
    assert.equal(first.threadsAdded, 3);
    assert.equal(first.badLines, 0);

    const fix = threadRow(h, ID.fixTest)!;
    assert.equal(fix.source, "vscode");
    assert.equal(fix.cwd, "/home/dev/src/fix-test");
    assert.match(String(fix.first_user_message), /^The tests are failing in this repo \(node test\/sum\.test\.js\)/);
    assert.equal(fix.git_sha, "077dc576d3d313f76597c4ddff89a1139d9c4eb8");
    assert.equal(fix.git_branch, "main");
    assert.equal(fix.tokens_used, 52009);
    assert.equal(fix.archived, 0);
    assert.equal(fix.indexed_at, 2_000_000_000);
    assert.equal(threadRow(h, ID.prefs)!.tokens_used, 30050);
    const exec = threadRow(h, ID.exec)!;
    assert.equal(exec.source, "exec");
    assert.equal(exec.cwd, "/home/dev/src/exec-echo");
    assert.equal(exec.first_user_message, "Run echo hello and list the files.");
    assert.equal(exec.git_sha, "c45cdc15ade4c86c71f3077ab5fa34e866f248dd");
    assert.equal(exec.tokens_used, 19736);
    assert.equal(exec.archived, 1);

    const again = await run(h);
    assert.equal(again.filesRead, 0);
    assert.equal(again.filesUnchanged, 3);
    assert.equal(again.threadsAdded + again.threadsUpdated, 0);
  } finally {
    h.cleanup();
  }
});

test("an appended file is read only from its stored offset and its thread row is updated", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest, FIXTURE_FILES.prefs]);
    await run(h);
    const before = fileRow(h, fix!);
    // Corrupt an early (already consumed, not last) line in place: a read from offset never sees it.
    const bytes = fs.readFileSync(fix!);
    const secondLineStart = bytes.indexOf(0x0a) + 1;
    bytes[secondLineStart] = "#".charCodeAt(0);
    fs.writeFileSync(fix!, bytes);
    fs.appendFileSync(fix!, laterTokenCountLine(fix!, "2026-11-23T12:00:00.000Z", 60000));

    const s = await run(h);
    assert.equal(s.filesRead, 1);
    assert.equal(s.filesAppended, 1);
    assert.equal(s.filesUnchanged, 1);
    assert.equal(s.badLines, 0, "the corrupted early line was not re-read");
    assert.equal(s.threadsUpdated, 1);
    const row = threadRow(h, ID.fixTest)!;
    assert.equal(row.tokens_used, 60000);
    assert.equal(row.updated_at, Date.UTC(2026, 10, 23, 12) / 1000);
    assert.equal(row.first_user_message, threadRow(h, ID.fixTest)!.first_user_message);
    const after = fileRow(h, fix!);
    assert.equal(after.lines_read, Number(before.lines_read) + 1);
    assert.equal(after.offset, fs.statSync(fix!).size);
  } finally {
    h.cleanup();
  }
});

test("a rewritten file (truncated, new content) is read from the start with a fresh fold", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    await run(h);
    // Same thread, shorter history: keep the first 10 lines and change the first user message.
    const lines = fs.readFileSync(fix!, "utf8").split("\n").slice(0, 10);
    const rewritten = lines.join("\n").replaceAll("The tests are failing", "The build is failing") + "\n";
    fs.writeFileSync(fix!, rewritten);
    const s = await run(h);
    assert.equal(s.filesRewritten, 1);
    assert.equal(s.filesAppended, 0);
    assert.match(String(threadRow(h, ID.fixTest)!.first_user_message), /^The build is failing/);
    assert.equal(fileRow(h, fix!).lines_read, 10);
    assert.equal(fileRow(h, fix!).offset, Buffer.byteLength(rewritten));
  } finally {
    h.cleanup();
  }
});

test("a touched file (same size, new mtime) is checked but not re-read; a same-size rewrite of the last line is re-read from the start", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    await run(h);
    const before = fileRow(h, fix!);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(fix!, later, later);
    let s = await run(h);
    assert.equal(s.filesRead, 1, "a new mtime alone sends the file to the reader");
    assert.equal(s.filesAppended, 1, "its last line still matches: resumed at the stored offset, not re-read");
    assert.equal(s.filesRewritten, 0);
    assert.equal(fileRow(h, fix!).lines_read, before.lines_read);

    // Same size, new bytes in the last line (its timestamp moves 10 minutes on): the hash differs.
    const text = fs.readFileSync(fix!, "utf8");
    const lastStart = text.trimEnd().lastIndexOf("\n") + 1;
    const lastLine = text.slice(lastStart);
    assert.match(lastLine, /^\{"timestamp":"2026-11-23T11:4/);
    fs.writeFileSync(fix!, text.slice(0, lastStart) + lastLine.replace('"timestamp":"2026-11-23T11:4', '"timestamp":"2026-11-23T11:5'));
    assert.equal(fs.statSync(fix!).size, Number(before.size));
    const evenLater = new Date(Date.now() + 120_000);
    fs.utimesSync(fix!, evenLater, evenLater);
    s = await run(h);
    assert.equal(s.filesUnchanged, 0, "same size but a new mtime is never taken as unchanged");
    assert.equal(s.filesRewritten, 1);
    assert.equal(Number(threadRow(h, ID.fixTest)!.updated_at) % 3600 >= 50 * 60, true, "the new last-line timestamp is in the row");
  } finally {
    h.cleanup();
  }
});

test("an appended file whose stored fold is from another fold version is re-read from the start", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    await run(h);
    const db = openStateDb(h.engramHome);
    try {
      db.prepare(`UPDATE rollout_files SET fold_state = ? WHERE path = ?`).run(`{"v":0}`, fix!);
    } finally {
      db.close();
    }
    fs.appendFileSync(fix!, laterTokenCountLine(fix!, "2026-11-23T12:00:00.000Z", 60000));
    const s = await run(h);
    assert.equal(s.filesRewritten, 1);
    assert.equal(s.filesAppended, 0);
    assert.equal(s.filesUnreadable, 0);
    const row = threadRow(h, ID.fixTest)!;
    assert.equal(row.tokens_used, 60000);
    assert.match(String(row.first_user_message), /^The tests are failing/, "the fresh fold saw the whole file");
  } finally {
    h.cleanup();
  }
});

test("a deleted file and its thread are flagged missing, never deleted, and cleared when it returns", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest, FIXTURE_FILES.exec]);
    await run(h);
    const saved = fs.readFileSync(fix!);
    const mtime = fs.statSync(fix!).mtime;
    fs.rmSync(fix!);
    const s = await run(h);
    assert.equal(s.filesMissing, 1);
    assert.equal(threadRow(h, ID.fixTest)!.missing, 1);
    assert.equal(fileRow(h, fix!).missing, 1);
    assert.equal(threadRow(h, ID.exec)!.missing, 0);
    // Indexing another folder does not flag files under the default sources as missing.
    await indexRollouts({ home: h.engramHome, sources: [{ dir: path.join(h.root, "elsewhere"), archived: false }] });
    assert.equal(threadRow(h, ID.exec)!.missing, 0);

    fs.writeFileSync(fix!, saved);
    fs.utimesSync(fix!, mtime, mtime); // same size and mtime as before it vanished
    const back = await run(h);
    assert.equal(back.filesMissing, 0);
    assert.equal(fileRow(h, fix!).missing, 0);
    assert.equal(threadRow(h, ID.fixTest)!.missing, 0);
  } finally {
    h.cleanup();
  }
});

test("bad lines are counted with their locations and the rest of the file is still read", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    const lines = fs.readFileSync(fix!, "utf8").split("\n");
    lines.splice(3, 0, "{not json", `{"no":"type"}`);
    fs.writeFileSync(fix!, lines.join("\n"));
    const s = await run(h);
    assert.equal(s.badLines, 2);
    assert.deepEqual(
      s.firstBadLines.map((b) => [path.basename(b.file), b.line]),
      [
        [FIXTURE_FILES.fixTest, 4],
        [FIXTURE_FILES.fixTest, 5],
      ],
    );
    assert.match(s.firstBadLines[0]!.reason, /invalid JSON/);
    assert.equal(threadRow(h, ID.fixTest)!.tokens_used, 52009, "lines after the bad ones were folded");
    assert.equal(fileRow(h, fix!).bad_lines, 2);
  } finally {
    h.cleanup();
  }
});

test("a file without session_meta gets a file row but no thread; secrets in the first message are redacted", async () => {
  const h = makeTempHome();
  try {
    const [exec] = layoutFixtures(h.codexHome, [FIXTURE_FILES.exec]);
    const secret = "sk-abcdefghijklmnopqrstuvwxyz0123456789";
    fs.writeFileSync(exec!, fs.readFileSync(exec!, "utf8").replaceAll("Run echo hello", `Run echo ${secret}`));
    const dir = path.dirname(exec!);
    const headless = path.join(dir, "rollout-2026-11-23T12-00-00-headless.jsonl");
    fs.writeFileSync(headless, `{"timestamp":"2026-11-23T12:00:00.000Z","type":"event_msg","payload":{"type":"task_started"}}\n`);
    const s = await run(h);
    assert.equal(s.filesRead, 2);
    assert.equal(s.threadsAdded, 1);
    assert.equal(fileRow(h, headless).thread_id, null);
    const row = threadRow(h, ID.exec)!;
    assert.ok(!String(row.first_user_message).includes(secret));
    assert.ok(!String(row.title).includes(secret));
    assert.match(String(row.first_user_message), /\[REDACTED_SECRET\]/);
  } finally {
    h.cleanup();
  }
});

test("no un-redacted session text is stored: the resumable fold and a token in the git origin URL are redacted", async () => {
  const h = makeTempHome();
  try {
    const [fix] = layoutFixtures(h.codexHome, [FIXTURE_FILES.fixTest]);
    const secret = "sk-proj-QWERTYUIOPASDFGHJKLZXCVBNM123456";
    const token = "ghp_0123456789abcdefghijABCDEFGHIJklmnop";
    const text = fs
      .readFileSync(fix!, "utf8")
      .replaceAll("Please find the failing test", `Key ${secret}. Please find the failing test`)
      .replace('"branch":"main"', `"branch":"main","repository_url":"https://dev:${token}@github.com/acme/fix-test.git"`);
    assert.ok(text.includes(token), "the fixture now carries an origin URL with a token");
    fs.writeFileSync(fix!, text);
    await run(h);
    const row = threadRow(h, ID.fixTest)!;
    assert.equal(row.git_origin_url, "https://dev:[REDACTED_SECRET]@github.com/acme/fix-test.git");
    const fold = String(fileRow(h, fix!).fold_state);
    assert.ok(!fold.includes(secret) && !fold.includes(token), "the stored fold holds no secret");
    // Resuming from the redacted fold after an append keeps the redacted values.
    fs.appendFileSync(fix!, laterTokenCountLine(fix!, "2026-11-23T12:30:00.000Z", 99_999));
    await run(h);
    const resumed = threadRow(h, ID.fixTest)!;
    assert.equal(resumed.tokens_used, 99_999);
    assert.match(String(resumed.first_user_message), /Key \[REDACTED_SECRET\]\. Please find/);
    const db = openStateDb(h.engramHome);
    db.close();
    const bytes = fs.readFileSync(path.join(h.engramHome, "state.sqlite"));
    assert.ok(!bytes.includes(secret) && !bytes.includes(token), "neither secret is anywhere in the DB file");
  } finally {
    h.cleanup();
  }
});

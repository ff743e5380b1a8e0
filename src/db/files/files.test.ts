import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStateDb } from "../stateDb.js";
import { upsertRolloutFile, type RolloutFileWrite } from "./upsertRolloutFile.js";
import { getRolloutFileStates } from "./getRolloutFileStates.js";
import { getRolloutFileFold } from "./getRolloutFileFold.js";
import { rolloutFileUnchangedSince } from "./rolloutFileUnchangedSince.js";
import { markRolloutFilesMissing } from "./markRolloutFilesMissing.js";
import { countRolloutFiles } from "./countRolloutFiles.js";

function tempDb() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-files-"));
  const db = openStateDb(home);
  return { db, done: () => (db.close(), fs.rmSync(home, { recursive: true, force: true })) };
}

function write(over: Partial<RolloutFileWrite>): RolloutFileWrite {
  return {
    path: "/s/rollout-a.jsonl", threadId: "t1", archived: false, size: 100, mtimeMs: 5, offset: 100,
    linesRead: 3, lastLineOffset: 60, lastLineHash: "abc", foldState: `{"v":1}`, badLines: 1,
    resetBadLines: true, ...over,
  };
}

test("upsertRolloutFile inserts, then adds bad lines on an append and resets them on a re-read", () => {
  const { db, done } = tempDb();
  try {
    upsertRolloutFile(db, write({}), 10);
    upsertRolloutFile(db, write({ size: 150, offset: 150, badLines: 2, resetBadLines: false, threadId: null }), 11);
    let s = getRolloutFileStates(db).get("/s/rollout-a.jsonl")!;
    assert.equal(s.badLines, 3);
    assert.equal(s.offset, 150);
    assert.equal(s.threadId, "t1", "a later read without session_meta keeps the known thread id");
    upsertRolloutFile(db, write({ badLines: 0, resetBadLines: true }), 12);
    s = getRolloutFileStates(db).get("/s/rollout-a.jsonl")!;
    assert.equal(s.badLines, 0);
    assert.equal(getRolloutFileFold(db, "/s/rollout-a.jsonl"), `{"v":1}`);
    assert.equal(getRolloutFileFold(db, "/nope"), null);
    const row = db.prepare(`SELECT first_seen_at, indexed_at FROM rollout_files`).get();
    assert.deepEqual(row, { first_seen_at: 10, indexed_at: 12 });
  } finally {
    done();
  }
});

test("rolloutFileUnchangedSince detects a row written by someone else since it was seen", () => {
  const { db, done } = tempDb();
  try {
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", null), true);
    upsertRolloutFile(db, write({}), 10);
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", null), false);
    const seen = getRolloutFileStates(db).get("/s/rollout-a.jsonl")!;
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", seen), true);
    upsertRolloutFile(db, write({ offset: 120, size: 120 }), 11);
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", seen), false);
    // Each compared column on its own: another indexer that read further into the same-sized file
    // (the file grew between stat and read) or flagged it missing also wrote the row.
    const now = getRolloutFileStates(db).get("/s/rollout-a.jsonl")!;
    upsertRolloutFile(db, write({ offset: 110, size: 120 }), 12);
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", now), false, "offset alone changed");
    const beforeMissing = getRolloutFileStates(db).get("/s/rollout-a.jsonl")!;
    markRolloutFilesMissing(db, ["/s/rollout-a.jsonl"], 13);
    assert.equal(rolloutFileUnchangedSince(db, "/s/rollout-a.jsonl", beforeMissing), false, "missing alone changed");
  } finally {
    done();
  }
});

test("markRolloutFilesMissing flags once; an upsert clears it; countRolloutFiles sums", () => {
  const { db, done } = tempDb();
  try {
    upsertRolloutFile(db, write({}), 10);
    upsertRolloutFile(db, write({ path: "/s/rollout-b.jsonl", threadId: null, badLines: 0 }), 10);
    assert.equal(markRolloutFilesMissing(db, ["/s/rollout-a.jsonl", "/s/unknown"], 11), 1);
    assert.equal(markRolloutFilesMissing(db, ["/s/rollout-a.jsonl"], 12), 0);
    assert.equal(getRolloutFileStates(db).get("/s/rollout-a.jsonl")!.missing, true);
    assert.deepEqual(countRolloutFiles(db), { total: 2, missing: 1, badLines: 1, filesWithBadLines: 1, withoutThread: 1 });
    upsertRolloutFile(db, write({}), 13);
    assert.equal(getRolloutFileStates(db).get("/s/rollout-a.jsonl")!.missing, false);
  } finally {
    done();
  }
});

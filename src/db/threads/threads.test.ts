import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStateDb } from "../stateDb.js";
import type { ThreadMetadata } from "../../rollout/types.js";
import { upsertThread } from "./upsertThread.js";
import { listThreads } from "./listThreads.js";
import { countThreads } from "./countThreads.js";
import { markThreadsMissing } from "./markThreadsMissing.js";

function tempDb() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-threads-"));
  const db = openStateDb(home);
  return { db, done: () => (db.close(), fs.rmSync(home, { recursive: true, force: true })) };
}

function meta(over: Partial<ThreadMetadata>): ThreadMetadata {
  return {
    id: "t1", rolloutPath: "/r/t1.jsonl", createdAt: 100, updatedAt: 200, source: "cli", threadSource: null,
    originator: null, modelProvider: "openai", model: "gpt-5", reasoningEffort: null, cwd: "/home/u/proj",
    title: "title", firstUserMessage: "hello", sandboxPolicy: "read-only", approvalMode: "on-request",
    tokensUsed: 10, hasUserEvent: true, archived: false, gitSha: null, gitBranch: null, gitOriginUrl: null,
    cliVersion: "0.169.0", agentNickname: null, agentRole: null, agentPath: null, forkedFromId: null,
    memoryMode: null, ...over,
  };
}

test("upsertThread adds then updates the same row, keeping polluted memory_mode", () => {
  const { db, done } = tempDb();
  try {
    assert.equal(upsertThread(db, meta({}), 1000), "added");
    db.prepare(`UPDATE threads SET memory_mode = 'polluted', missing = 1`).run();
    assert.equal(upsertThread(db, meta({ updatedAt: 300, tokensUsed: 99 }), 1001), "updated");
    const row = db.prepare(`SELECT * FROM threads`).get() as Record<string, unknown>;
    assert.equal(row.updated_at, 300);
    assert.equal(row.tokens_used, 99);
    assert.equal(row.memory_mode, "polluted");
    assert.equal(row.missing, 0);
    assert.equal(row.indexed_at, 1001);
    assert.equal((db.prepare(`SELECT COUNT(*) n FROM threads`).get() as { n: number }).n, 1);
  } finally {
    done();
  }
});

test("upsertThread sets archived_at once when a thread becomes archived", () => {
  const { db, done } = tempDb();
  try {
    upsertThread(db, meta({ archived: true }), 500);
    upsertThread(db, meta({ archived: true }), 900);
    assert.deepEqual(db.prepare(`SELECT archived, archived_at FROM threads`).get(), { archived: 1, archived_at: 500 });
  } finally {
    done();
  }
});

test("listThreads filters cwd on folder boundaries, sources and since, newest first with a limit", () => {
  const { db, done } = tempDb();
  try {
    upsertThread(db, meta({ id: "a", cwd: "/w/proj", updatedAt: 10 }), 1);
    upsertThread(db, meta({ id: "b", cwd: "/w/proj/sub", updatedAt: 30, source: "exec" }), 1);
    upsertThread(db, meta({ id: "c", cwd: "/w/project2", updatedAt: 20 }), 1);
    upsertThread(db, meta({ id: "d", cwd: "/w/pro%", updatedAt: 40 }), 1);
    const ids = (f: Parameters<typeof listThreads>[1]) => listThreads(db, f).map((r) => r.id);
    assert.deepEqual(ids({ limit: 10 }), ["d", "b", "c", "a"]);
    assert.deepEqual(ids({ limit: 10, cwd: "/w/proj" }), ["b", "a"]);
    assert.deepEqual(ids({ limit: 10, cwd: "/w/proj/" }), ["b", "a"]);
    assert.deepEqual(ids({ limit: 10, cwd: "/w/pro%" }), ["d"]);
    assert.deepEqual(ids({ limit: 10, cwd: "/" }), ["d", "b", "c", "a"]);
    assert.deepEqual(ids({ limit: 10, sources: ["exec"] }), ["b"]);
    assert.deepEqual(ids({ limit: 10, since: 20 }), ["d", "b", "c"]);
    assert.deepEqual(ids({ limit: 2 }), ["d", "b"]);
  } finally {
    done();
  }
});

test("markThreadsMissing flags only threads whose current rollout path is gone; countThreads counts", () => {
  const { db, done } = tempDb();
  try {
    upsertThread(db, meta({ id: "a", rolloutPath: "/r/a.jsonl" }), 1);
    upsertThread(db, meta({ id: "b", rolloutPath: "/archived/b.jsonl", archived: true, source: "exec" }), 1);
    assert.equal(markThreadsMissing(db, ["/r/a.jsonl", "/r/b.jsonl"], 2), 1);
    assert.equal(markThreadsMissing(db, ["/r/a.jsonl"], 3), 0);
    assert.deepEqual(countThreads(db), {
      total: 2,
      missing: 1,
      archived: 1,
      bySource: [
        { source: "cli", count: 1 },
        { source: "exec", count: 1 },
      ],
    });
  } finally {
    done();
  }
});

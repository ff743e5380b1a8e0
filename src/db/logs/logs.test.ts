import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLogsDb } from "../stateDb.js";
import { insertLogRows, estimateLogBytes, type LogRow } from "./insertLogRows.js";
import { trimLogPartition } from "./trimLogPartition.js";
import { exportThreadLogs } from "./exportThreadLogs.js";

function tempDb() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-logs-"));
  const db = openLogsDb(home);
  return { db, done: () => (db.close(), fs.rmSync(home, { recursive: true, force: true })) };
}

function row(i: number, over: Partial<LogRow> = {}): LogRow {
  return { ts: 1000 + i, tsNanos: 0, level: "INFO", target: "t", message: `m${i}`, threadId: null, processUuid: "p1", ...over };
}

const messages = (db: ReturnType<typeof openLogsDb>, where = "1") =>
  (db.prepare(`SELECT message FROM logs WHERE ${where} ORDER BY id`).all() as { message: string }[]).map((r) => r.message);

test("insertLogRows stores estimated bytes as message + level + target", () => {
  const { db, done } = tempDb();
  try {
    insertLogRows(db, [row(1, { message: "héllo" })]);
    const r = db.prepare(`SELECT estimated_bytes FROM logs`).get() as { estimated_bytes: number };
    assert.equal(r.estimated_bytes, 6 + 4 + 1);
    assert.equal(estimateLogBytes({ message: "héllo", level: "INFO", target: "t" }), 11);
  } finally {
    done();
  }
});

test("trimLogPartition keeps the newest rows within the cap and leaves other partitions alone", () => {
  const { db, done } = tempDb();
  try {
    // each row: "m<i>" (2 bytes) + INFO (4) + t (1) = 7 bytes
    insertLogRows(db, [1, 2, 3, 4, 5].map((i) => row(i, { threadId: "A" })));
    insertLogRows(db, [1, 2, 3].map((i) => row(i, { threadId: null, processUuid: "p1" })));
    insertLogRows(db, [1, 2, 3].map((i) => row(i, { threadId: null, processUuid: "p2" })));
    assert.equal(trimLogPartition(db, { threadId: "A" }, 21), 2);
    assert.deepEqual(messages(db, "thread_id = 'A'"), ["m3", "m4", "m5"]);
    assert.equal(trimLogPartition(db, { threadId: "A" }, 21), 0, "under the cap: nothing deleted");
    assert.equal(trimLogPartition(db, { threadId: null, processUuid: "p1" }, 7), 2);
    assert.deepEqual(messages(db, "process_uuid = 'p1' AND thread_id IS NULL"), ["m3"]);
    assert.deepEqual(messages(db, "process_uuid = 'p2'"), ["m1", "m2", "m3"]);
  } finally {
    done();
  }
});

test("exportThreadLogs returns the newest lines within the cap, oldest first, newline-terminated", () => {
  const { db, done } = tempDb();
  try {
    insertLogRows(db, [
      row(1, { threadId: "A", message: "first" }),
      row(2, { threadId: "A", message: "second\n" }),
      row(3, { threadId: "A", message: "third" }),
      row(4, { threadId: "B", message: "other" }),
    ]);
    assert.equal(exportThreadLogs(db, "A"), "first\nsecond\nthird\n");
    assert.equal(exportThreadLogs(db, "A", 13), "second\nthird\n");
    assert.equal(exportThreadLogs(db, "A", 3), "");
    assert.equal(exportThreadLogs(db, "none"), "");
  } finally {
    done();
  }
});

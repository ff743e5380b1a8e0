import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLogsDb } from "../db/stateDb.js";
import { createLogger, levelFromEnv } from "./logger.js";
import { exportThreadLogs } from "./index.js";

function tempHome() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-logger-"));
  return { home, done: () => fs.rmSync(home, { recursive: true, force: true }) };
}

test("the logger writes info and above to the DB and warn and above to stderr by default", () => {
  const { home, done } = tempHome();
  try {
    let err = "";
    const log = createLogger({ home, target: "index", env: {}, stderr: { write: (t: string) => (err += t) } });
    log.debug("d");
    log.info("i", { threadId: "T" });
    log.warn("w");
    log.error("e");
    log.close();
    assert.equal(err, "engram warn: w\nengram error: e\n");
    const db = openLogsDb(home);
    const rows = db.prepare(`SELECT level, target, message, thread_id, process_uuid FROM logs ORDER BY id`).all() as {
      level: string;
      thread_id: string | null;
      process_uuid: string;
    }[];
    db.close();
    assert.deepEqual(rows.map((r) => r.level), ["INFO", "WARN", "ERROR"]);
    assert.equal(rows[0]!.thread_id, "T");
    assert.equal(rows[1]!.process_uuid, log.processUuid);
  } finally {
    done();
  }
});

test("ENGRAM_LOG=debug prints and stores debug lines; an unknown value falls back to warn", () => {
  assert.equal(levelFromEnv({ ENGRAM_LOG: "DEBUG" }), "debug");
  assert.equal(levelFromEnv({ ENGRAM_LOG: "loud" }), "warn");
  const { home, done } = tempHome();
  try {
    let err = "";
    const log = createLogger({ home, target: "x", env: { ENGRAM_LOG: "debug" }, stderr: { write: (t: string) => (err += t) } });
    log.debug("deep");
    log.close();
    assert.match(err, /engram debug: deep/);
    const db = openLogsDb(home);
    assert.equal((db.prepare(`SELECT COUNT(*) n FROM logs WHERE level = 'DEBUG'`).get() as { n: number }).n, 1);
    db.close();
  } finally {
    done();
  }
});

test("each flush trims a thread's partition and the process's thread-less partition to the cap", () => {
  const { home, done } = tempHome();
  try {
    const db = openLogsDb(home);
    // every line is 10 bytes: 5-byte message + INFO + 1-byte target; cap 30 bytes = 3 lines per partition
    const log = createLogger({ db, target: "x", env: {}, partitionCapBytes: 30, stderr: { write: () => true } });
    for (let i = 0; i < 8; i++) log.info(`msg-${i}`, { threadId: "T" });
    for (let i = 0; i < 5; i++) log.info(`pro-${i}`);
    log.flush();
    for (let i = 8; i < 10; i++) log.info(`msg-${i}`, { threadId: "T" });
    log.close();
    assert.equal(exportThreadLogs(db, "T"), "msg-7\nmsg-8\nmsg-9\n");
    const threadless = (db.prepare(`SELECT message FROM logs WHERE thread_id IS NULL ORDER BY id`).all() as { message: string }[]).map(
      (r) => r.message,
    );
    assert.deepEqual(threadless, ["pro-2", "pro-3", "pro-4"]);
    db.close();
  } finally {
    done();
  }
});

test("a secret in a log message is redacted on stderr and in the logs DB", () => {
  const { home, done } = tempHome();
  try {
    const key = `sk-proj-${"Lg7Hk8Jm9Np0".repeat(3)}`;
    let err = "";
    const log = createLogger({ home, target: "phase2", env: {}, stderr: { write: (t: string) => (err += t) } });
    log.warn(`tool write refused: ${key}/notes.md escapes the memory folder`, { threadId: "T" });
    log.close();
    assert.ok(!err.includes(key) && err.includes("[REDACTED_SECRET]/notes.md"), err);
    const db = openLogsDb(home);
    const messages = db.prepare(`SELECT message FROM logs`).all() as { message: string }[];
    db.close();
    assert.equal(messages.length, 1);
    assert.ok(!messages[0]!.message.includes(key) && messages[0]!.message.includes("[REDACTED_SECRET]"), messages[0]!.message);
  } finally {
    done();
  }
});

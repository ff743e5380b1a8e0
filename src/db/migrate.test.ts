/**
 * Schema migrations: each one applied from the version before it with data present, the indexes the
 * hot queries need, the "newer DB" refusal, and two processes creating one fresh DB at once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { EngramError } from "../errors.js";
import { latestVersion, migrate, type Migration } from "./migrate.js";
import { openDb } from "./open.js";
import { STATE_MIGRATIONS } from "./migrations/state/index.js";
import { LOGS_MIGRATIONS } from "./migrations/logs/index.js";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "engram-migrate-"));
}

/** Migrates a fresh in-memory DB up to and including `version`. */
function migratedTo(migrations: readonly Migration[], version: number): Database.Database {
  const db = new Database(":memory:");
  migrate(db, migrations.filter((m) => m.version <= version), { file: ":memory:", label: "test" });
  assert.equal(db.pragma("user_version", { simple: true }), version);
  return db;
}

/** Per migration: a row written right after it, which every later migration must keep readable. */
const STATE_SEEDS: Record<number, { seed: string; check: string; expect: unknown }> = {
  10: {
    seed: `INSERT INTO threads (id, rollout_path, created_at, updated_at, indexed_at) VALUES ('t1', '/r.jsonl', 1, 2, 3)`,
    check: `SELECT id, updated_at, memory_mode, missing FROM threads`,
    expect: [{ id: "t1", updated_at: 2, memory_mode: "enabled", missing: 0 }],
  },
  20: {
    seed: `INSERT INTO rollout_files (path, size, mtime_ms, offset, lines_read, first_seen_at, indexed_at) VALUES ('/r.jsonl', 10, 5, 10, 1, 1, 1)`,
    check: `SELECT path, thread_id, offset, bad_lines FROM rollout_files`,
    expect: [{ path: "/r.jsonl", thread_id: null, offset: 10, bad_lines: 0 }],
  },
  30: {
    seed: `INSERT INTO jobs (kind, job_key, status, retry_remaining) VALUES ('memory_stage1', 't1', 'error', 2);
           INSERT INTO stage1_outputs (thread_id, source_updated_at, raw_memory, rollout_summary, generated_at) VALUES ('t1', 2, 'm', 's', 3)`,
    check: `SELECT j.status, j.attempts, o.raw_memory FROM jobs j JOIN stage1_outputs o ON o.thread_id = j.job_key`,
    expect: [{ status: "error", attempts: 0, raw_memory: "m" }],
  },
};

test("every state migration has a seed check, applies on top of the previous one and keeps its data", () => {
  assert.deepEqual(STATE_MIGRATIONS.map((m) => m.version), Object.keys(STATE_SEEDS).map(Number), "add a STATE_SEEDS entry for a new migration");
  for (const m of STATE_MIGRATIONS) {
    const db = migratedTo(STATE_MIGRATIONS, m.version);
    try {
      db.exec(STATE_SEEDS[m.version]!.seed);
      migrate(db, STATE_MIGRATIONS, { file: ":memory:", label: "state" });
      assert.equal(db.pragma("user_version", { simple: true }), latestVersion(STATE_MIGRATIONS));
      assert.deepEqual(db.prepare(STATE_SEEDS[m.version]!.check).all(), STATE_SEEDS[m.version]!.expect, m.name);
    } finally {
      db.close();
    }
  }
});

test("the logs migration creates a table that takes a row", () => {
  const db = migratedTo(LOGS_MIGRATIONS, latestVersion(LOGS_MIGRATIONS));
  try {
    db.prepare(`INSERT INTO logs (ts, ts_nanos, level, target, message, thread_id) VALUES (1, 0, 'INFO', 'x', 'hi', 't1')`).run();
    assert.deepEqual(db.prepare(`SELECT level, message, estimated_bytes FROM logs`).all(), [{ level: "INFO", message: "hi", estimated_bytes: 0 }]);
  } finally {
    db.close();
  }
});

function plan(db: Database.Database, sql: string, params: unknown[] = []): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("\n");
}

test("the hot queries use their indexes (threads by updated_at, jobs by kind/status, logs by thread)", () => {
  const db = migratedTo(STATE_MIGRATIONS, latestVersion(STATE_MIGRATIONS));
  const logs = migratedTo(LOGS_MIGRATIONS, latestVersion(LOGS_MIGRATIONS));
  try {
    // engram threads / phase-1 candidate scan: newest first, no sort step.
    const threads = plan(db, `SELECT id, title, cwd FROM threads ORDER BY updated_at DESC, id DESC LIMIT 50`);
    assert.match(threads, /SCAN threads USING INDEX idx_threads_updated_at/);
    assert.doesNotMatch(threads, /USE TEMP B-TREE FOR ORDER BY/);
    assert.match(plan(db, `SELECT id FROM threads WHERE updated_at >= ? ORDER BY updated_at DESC, id DESC`, [0]), /idx_threads_updated_at/);
    // claims: the live-running count and the backoff scan.
    assert.match(
      plan(db, `SELECT COUNT(*) FROM jobs WHERE kind = 'memory_stage1' AND status = 'running' AND lease_until > ?`, [0]),
      /USING COVERING INDEX idx_jobs_kind_status_retry_lease \(kind=\? AND status=\?\)/,
    );
    assert.match(plan(db, `SELECT job_key FROM jobs WHERE kind = ? AND status = ?`, ["a", "b"]), /idx_jobs_kind_status_retry_lease/);
    assert.match(plan(db, `SELECT * FROM rollout_files WHERE thread_id = ?`, ["t"]), /idx_rollout_files_thread/);
    assert.match(plan(logs, `SELECT id FROM logs WHERE thread_id = ? ORDER BY ts DESC, ts_nanos DESC, id DESC`, ["t"]), /idx_logs_thread/);
  } finally {
    db.close();
    logs.close();
  }
});

test("a DB written by a newer engram is refused, names the file and is left untouched", () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, "state.sqlite");
    openDb(file, STATE_MIGRATIONS, "state").close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion(STATE_MIGRATIONS) + 10}`);
    raw.close();
    assert.throws(
      () => openDb(file, STATE_MIGRATIONS, "state"),
      (e: unknown) => e instanceof EngramError && e.code === "db_too_new" && e.message.includes(file) && /upgrade engram/.test(e.hint ?? ""),
    );
    const after = new Database(file);
    assert.equal(after.pragma("user_version", { simple: true }), latestVersion(STATE_MIGRATIONS) + 10);
    after.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a DB exactly one version newer than the newest migration is refused too", () => {
  const noop: Migration = { version: 10, name: "0010-a", up: () => {} };
  const db = new Database(":memory:");
  try {
    db.pragma("user_version = 11");
    assert.throws(() => migrate(db, [noop], { file: ":memory:", label: "test" }), (e: unknown) => e instanceof EngramError && e.code === "db_too_new");
    assert.equal(db.pragma("user_version", { simple: true }), 11);
  } finally {
    db.close();
  }
});

test("a migration list with a repeated version is refused before anything runs", () => {
  const ran: string[] = [];
  const m = (version: number, name: string): Migration => ({ version, name, up: () => void ran.push(name) });
  const db = new Database(":memory:");
  try {
    assert.throws(() => migrate(db, [m(10, "0010-a"), m(10, "0010-b")], { file: ":memory:", label: "test" }), /out of order at 0010-b/);
    assert.deepEqual(ran, []);
    assert.equal(db.pragma("user_version", { simple: true }), 0);
  } finally {
    db.close();
  }
});

/** A child process that waits for `startAtMs`, then opens (creates and migrates) both DBs. */
function openInChild(home: string, startAtMs: number): Promise<{ code: number | null; stderr: string }> {
  const stateDb = pathToFileURL(path.join(import.meta.dirname, "stateDb.ts")).href;
  const script = `
    import { openStateDb, openLogsDb } from ${JSON.stringify(stateDb)};
    while (Date.now() < ${startAtMs}) {}
    openStateDb(${JSON.stringify(home)}).close();
    openLogsDb(${JSON.stringify(home)}).close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

test("two processes opening the same fresh home at the same moment both succeed (migration race)", async () => {
  const dir = tempDir();
  try {
    // Three fresh homes, two processes each, released at the same instant (after tsx has loaded).
    for (let round = 0; round < 3; round++) {
      const home = path.join(dir, `home${round}`);
      const startAt = Date.now() + 1500;
      const results = await Promise.all([openInChild(home, startAt), openInChild(home, startAt)]);
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const db = new Database(path.join(home, "state.sqlite"), { readonly: true });
      assert.equal(db.pragma("user_version", { simple: true }), latestVersion(STATE_MIGRATIONS));
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

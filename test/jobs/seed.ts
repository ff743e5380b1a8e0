/**
 * Test helpers for the job system: a temp engram home with a migrated state DB, and plain INSERTs
 * for threads and stage-1 outputs (no engram code under test is used to seed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../../src/db/open.js";
import { openStateDb } from "../../src/db/stateDb.js";
import type { JobRow } from "../../src/db/jobs/types.js";

export const DAY_SECONDS = 86_400;
export const HOUR_SECONDS = 3_600;

export interface TempStateDb {
  db: Db;
  home: string;
  cleanup(): void;
}

export function openTempStateDb(): TempStateDb {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-jobs-"));
  const db = openStateDb(home);
  return {
    db,
    home,
    cleanup() {
      db.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface SeedThread {
  id: string;
  updatedAt: number;
  source?: string;
  threadSource?: string | null;
  memoryMode?: "enabled" | "disabled" | "polluted";
  archived?: boolean;
  missing?: boolean;
  cwd?: string;
  gitBranch?: string | null;
}

export function insertThread(db: Db, t: SeedThread): void {
  db.prepare(
    `INSERT INTO threads (id, rollout_path, created_at, updated_at, source, thread_source, cwd, git_branch,
                          memory_mode, archived, missing, indexed_at)
     VALUES (@id, @rolloutPath, @createdAt, @updatedAt, @source, @threadSource, @cwd, @gitBranch,
             @memoryMode, @archived, @missing, @updatedAt)`,
  ).run({
    id: t.id,
    rolloutPath: `/rollouts/${t.id}.jsonl`,
    createdAt: t.updatedAt - 60,
    updatedAt: t.updatedAt,
    source: t.source ?? "cli",
    threadSource: t.threadSource === undefined ? "user" : t.threadSource,
    cwd: t.cwd ?? `/work/${t.id}`,
    gitBranch: t.gitBranch === undefined ? "main" : t.gitBranch,
    memoryMode: t.memoryMode ?? "enabled",
    archived: t.archived ? 1 : 0,
    missing: t.missing ? 1 : 0,
  });
}

export interface SeedOutput {
  threadId: string;
  sourceUpdatedAt: number;
  rawMemory?: string;
  rolloutSummary?: string;
  rolloutSlug?: string | null;
  generatedAt?: number;
  usageCount?: number | null;
  lastUsage?: number | null;
  selected?: boolean;
  selectedSourceUpdatedAt?: number | null;
}

export function insertOutput(db: Db, o: SeedOutput): void {
  db.prepare(
    `INSERT INTO stage1_outputs (thread_id, source_updated_at, raw_memory, rollout_summary, rollout_slug,
                                 generated_at, usage_count, last_usage, selected_for_phase2,
                                 selected_for_phase2_source_updated_at)
     VALUES (@threadId, @sourceUpdatedAt, @rawMemory, @rolloutSummary, @rolloutSlug, @generatedAt,
             @usageCount, @lastUsage, @selected, @selectedSourceUpdatedAt)`,
  ).run({
    threadId: o.threadId,
    sourceUpdatedAt: o.sourceUpdatedAt,
    rawMemory: o.rawMemory ?? `raw memory of ${o.threadId}`,
    rolloutSummary: o.rolloutSummary ?? `summary of ${o.threadId}`,
    rolloutSlug: o.rolloutSlug === undefined ? `slug-${o.threadId}` : o.rolloutSlug,
    generatedAt: o.generatedAt ?? o.sourceUpdatedAt,
    usageCount: o.usageCount ?? null,
    lastUsage: o.lastUsage ?? null,
    selected: o.selected ? 1 : 0,
    selectedSourceUpdatedAt: o.selectedSourceUpdatedAt ?? (o.selected ? o.sourceUpdatedAt : null),
  });
}

/** Inserts a live running stage-1 job row owned by someone else. */
export function insertRunningStage1Job(db: Db, threadId: string, leaseUntil: number, sourceUpdatedAt = 1): void {
  db.prepare(
    `INSERT INTO jobs (kind, job_key, status, worker_id, ownership_token, started_at, lease_until,
                       retry_remaining, input_watermark, attempts)
     VALUES ('memory_stage1', ?, 'running', 'other-worker', 'other-token', 0, ?, 3, ?, 1)`,
  ).run(threadId, leaseUntil, sourceUpdatedAt);
}

export function readJob(db: Db, kind: string, jobKey: string): JobRow | undefined {
  return db.prepare("SELECT * FROM jobs WHERE kind = ? AND job_key = ?").get(kind, jobKey) as JobRow | undefined;
}

export function readOutput(db: Db, threadId: string): Record<string, unknown> | undefined {
  return db.prepare("SELECT * FROM stage1_outputs WHERE thread_id = ?").get(threadId) as
    | Record<string, unknown>
    | undefined;
}

export function countLiveRunningStage1(db: Db, now: number): number {
  return (
    db
      .prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'memory_stage1' AND status = 'running' AND lease_until > ?")
      .get(now) as { n: number }
  ).n;
}

import type { Migration } from "../../migrate.js";

/**
 * The memory pipeline's tables (codex-memories-spec §6.3, §6.4), plus engram's own bookkeeping:
 * `attempts`, the error class of the last failure, the chunk count and token usage of a stage-1 job.
 *
 * jobs: one `memory_stage1` row per thread (job_key = thread id) and one `memory_consolidate_global`
 * row (job_key = 'global'). Claims take a lease (`lease_until`) and an `ownership_token`; every write
 * on a running row matches that token.
 */
export const migration0030: Migration = {
  version: 30,
  name: "0030-memory-jobs",
  up(db) {
    db.exec(`
      CREATE TABLE stage1_outputs (
        thread_id                             TEXT PRIMARY KEY,
        source_updated_at                     INTEGER NOT NULL, -- threads.updated_at of the extracted snapshot
        raw_memory                            TEXT NOT NULL,
        rollout_summary                       TEXT NOT NULL,
        rollout_slug                          TEXT,
        generated_at                          INTEGER NOT NULL,
        usage_count                           INTEGER,          -- NULL = never cited
        last_usage                            INTEGER,
        selected_for_phase2                   INTEGER NOT NULL DEFAULT 0,
        selected_for_phase2_source_updated_at INTEGER
      );
      CREATE INDEX idx_stage1_outputs_source_updated_at ON stage1_outputs (source_updated_at DESC, thread_id DESC);

      CREATE TABLE jobs (
        kind                   TEXT NOT NULL,     -- memory_stage1 | memory_consolidate_global
        job_key                TEXT NOT NULL,     -- thread id | 'global'
        status                 TEXT NOT NULL,     -- pending | running | done | error
        worker_id              TEXT,
        ownership_token        TEXT,
        started_at             INTEGER,
        finished_at            INTEGER,
        lease_until            INTEGER,
        retry_at               INTEGER,
        retry_remaining        INTEGER NOT NULL,
        last_error             TEXT,
        last_error_class       TEXT,              -- model_error | parse_error | io_error | ownership_lost | ...
        input_watermark        INTEGER,
        last_success_watermark INTEGER,
        attempts               INTEGER NOT NULL DEFAULT 0, -- claims so far (a crashed attempt counts)
        outcome                TEXT,              -- outcome of the last finished run
        chunk_count            INTEGER,           -- stage 1: chunks the rollout was split into
        input_tokens           INTEGER,
        output_tokens          INTEGER,
        PRIMARY KEY (kind, job_key)
      );
      CREATE INDEX idx_jobs_kind_status_retry_lease ON jobs (kind, status, retry_at, lease_until);
    `);
  },
};

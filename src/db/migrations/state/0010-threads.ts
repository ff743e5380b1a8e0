import type { Migration } from "../../migrate.js";

/**
 * One row per session (thread), derived from its rollout file by `engram index`.
 * Column names follow Codex's own `threads` table (codex-memories-spec §6.2) where they mean the same.
 * Timestamps are Unix seconds.
 */
export const migration0010: Migration = {
  version: 10,
  name: "0010-threads",
  up(db) {
    db.exec(`
      CREATE TABLE threads (
        id                 TEXT PRIMARY KEY,
        rollout_path       TEXT NOT NULL,
        created_at         INTEGER NOT NULL,            -- session start (session_meta timestamp)
        updated_at         INTEGER NOT NULL,            -- last activity: newest line timestamp
        source             TEXT NOT NULL DEFAULT '',    -- cli | vscode | exec | mcp | subagent_<x> | internal_<x> | unknown
        thread_source      TEXT,                        -- user | subagent | memory_consolidation
        originator         TEXT,
        model_provider     TEXT NOT NULL DEFAULT '',
        model              TEXT,
        reasoning_effort   TEXT,
        cwd                TEXT NOT NULL DEFAULT '',
        title              TEXT NOT NULL DEFAULT '',    -- redacted
        first_user_message TEXT NOT NULL DEFAULT '',    -- redacted
        sandbox_policy     TEXT NOT NULL DEFAULT '',
        approval_mode      TEXT NOT NULL DEFAULT '',
        tokens_used        INTEGER NOT NULL DEFAULT 0,  -- last total token count of the session
        has_user_event     INTEGER NOT NULL DEFAULT 0,
        archived           INTEGER NOT NULL DEFAULT 0,
        archived_at        INTEGER,
        git_sha            TEXT,
        git_branch         TEXT,
        git_origin_url     TEXT,
        cli_version        TEXT NOT NULL DEFAULT '',
        agent_nickname     TEXT,
        agent_role         TEXT,
        agent_path         TEXT,
        forked_from_id     TEXT,
        memory_mode        TEXT NOT NULL DEFAULT 'enabled', -- enabled | disabled | polluted
        missing            INTEGER NOT NULL DEFAULT 0,  -- 1 when the rollout file disappeared
        indexed_at         INTEGER NOT NULL
      );
      CREATE INDEX idx_threads_updated_at ON threads (updated_at DESC, id DESC);
      CREATE INDEX idx_threads_source ON threads (source);
      CREATE INDEX idx_threads_cwd ON threads (cwd);
    `);
  },
};

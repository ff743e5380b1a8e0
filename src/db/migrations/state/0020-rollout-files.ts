import type { Migration } from "../../migrate.js";

/**
 * What `engram index` knows about each rollout file, so that a re-index does no more work than needed:
 * an unchanged file (same size and mtime) is not opened; an appended file is read from `offset`;
 * a file whose last consumed line no longer hashes the same was rewritten and is read from the start.
 */
export const migration0020: Migration = {
  version: 20,
  name: "0020-rollout-files",
  up(db) {
    db.exec(`
      CREATE TABLE rollout_files (
        path             TEXT PRIMARY KEY,            -- absolute path
        thread_id        TEXT,                        -- NULL until a session_meta line was read
        archived         INTEGER NOT NULL DEFAULT 0,  -- found under an archived_sessions source
        size             INTEGER NOT NULL,            -- file size when last read
        mtime_ms         INTEGER NOT NULL,            -- file mtime when last read
        offset           INTEGER NOT NULL,            -- bytes consumed: end of the last complete line
        lines_read       INTEGER NOT NULL,            -- complete lines consumed (for line numbers after an append)
        last_line_offset INTEGER,                     -- byte offset where the last consumed line starts
        last_line_hash   TEXT,                        -- sha1 of the last consumed line (detects rewrites)
        fold_state       TEXT,                        -- JSON accumulator of the metadata fold (resume after append)
        bad_lines        INTEGER NOT NULL DEFAULT 0,  -- lines that failed to parse, all reads together
        missing          INTEGER NOT NULL DEFAULT 0,  -- 1 when the file disappeared
        first_seen_at    INTEGER NOT NULL,
        indexed_at       INTEGER NOT NULL
      );
      CREATE INDEX idx_rollout_files_thread ON rollout_files (thread_id);
    `);
  },
};

/** Files read per write transaction: big enough to amortise the commit, small enough to keep the write lock brief. */
export const FILES_PER_WRITE_BATCH = 200;
/** Bad-line locations kept in the index summary (the rest are counted and logged). */
export const SUMMARY_BAD_LINE_LOCATIONS = 5;
/**
 * Changed bytes up to which a file is read with the synchronous reader (no per-line await); larger reads
 * stream asynchronously so a 50 MB rollout never sits in memory as parsed events at once.
 */
export const SYNC_READ_MAX_BYTES = 8 * 1024 * 1024;
/** Rollout file names Codex writes: `rollout-<timestamp>-<thread id>.jsonl`. */
export const ROLLOUT_FILE_PATTERN = /^rollout-.*\.jsonl$/;

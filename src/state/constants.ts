/** Files read per write transaction: big enough to amortise the commit, small enough to keep the write lock brief. */
export const FILES_PER_WRITE_BATCH = 200;
/** Bad-line locations kept in the index summary (the rest are counted and logged). */
export const SUMMARY_BAD_LINE_LOCATIONS = 5;
/** Rollout file names Codex writes: `rollout-<timestamp>-<thread id>.jsonl`. */
export const ROLLOUT_FILE_PATTERN = /^rollout-.*\.jsonl$/;

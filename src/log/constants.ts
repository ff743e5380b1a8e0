/** Per-partition log cap (codex-memories-spec §6.5 LOG_PARTITION_SIZE_LIMIT_BYTES): bounds the logs DB per thread/process. */
export const LOG_PARTITION_CAP_BYTES = 10 * 1024 * 1024;
/** Buffered lines per DB write: one transaction per batch keeps logging cheap inside hot loops. */
export const LOG_BATCH_ROWS = 100;

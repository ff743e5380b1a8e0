/** Limits of the consolidation agent's file tools. */

/** One file written by the agent: memory files are small Markdown; 1 MiB is far above any sane handbook. */
export const TOOL_MAX_FILE_BYTES = 1024 * 1024;
/** Total bytes one run may write: stops a looping agent from filling the disk (8 full-size files). */
export const TOOL_MAX_TOTAL_WRITE_BYTES = 8 * 1024 * 1024;
/** `read` output cap (spec §4.5 DEFAULT_READ_MAX_TOKENS): keeps one read from flooding the context. */
export const TOOL_READ_MAX_TOKENS = 20_000;
/** `list` entry cap (spec §4.5). */
export const TOOL_LIST_MAX_ENTRIES = 2_000;
/** `search` result cap (spec §4.5). */
export const TOOL_SEARCH_MAX_RESULTS = 200;
/** A matching line longer than this is cut in search output, so one minified line cannot flood it. */
export const TOOL_SEARCH_MAX_LINE_CHARS = 400;
/** Files bigger than this are skipped by search: they cannot be memory Markdown. */
export const TOOL_SEARCH_MAX_FILE_BYTES = 4 * 1024 * 1024;

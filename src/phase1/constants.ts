/**
 * Phase-1 (per-rollout extraction) constants: budgets, render caps, output caps.
 * Each carries its unit in the name and says why it has this value.
 */

/** Share of the model's context window given to the rendered rollout. Codex uses 70 %: the rest
 *  leaves room for the system prompt, the input framing and the model's own output. */
export const CONTEXT_WINDOW_PERCENT = 70;

/** Rollout budget when the model's context window is unknown (Codex's stage-one default). */
export const DEFAULT_ROLLOUT_TOKEN_LIMIT = 150_000;

/** Tokens reserved for the stage-1 system prompt + input template around the transcript. The real
 *  templates measure ~1.6k tokens (budget.test.ts checks this stays an over-estimate); the slack
 *  covers long path/cwd/branch values and future prompt growth. */
export const PROMPT_OVERHEAD_TOKENS = 5_000;

/** Smallest transcript budget we ever hand out: below this a chunk cannot hold one tool call. */
export const MIN_INPUT_BUDGET_TOKENS = 1_000;

/** Lines kept from the start and from the end of a tool output: the command's first reaction and its
 *  final verdict (test summary, exit message) are where the facts are. */
export const OUTPUT_HEAD_LINES = 20;
export const OUTPUT_TAIL_LINES = 20;

/** Token cap for one tool output block (head + kept error lines + tail). Large enough for a stack
 *  trace, small enough that a 10 MB build log costs no more than a short paragraph. */
export const OUTPUT_MAX_TOKENS = 1_500;

/** Error lines rescued from the cut middle of an output. A run with hundreds of failures repeats
 *  itself; 40 distinct lines are enough to learn the symptom. */
export const OUTPUT_MAX_ERROR_LINES = 40;

/** Longest single output line kept whole; longer ones (minified JS, base64) are middle-cut.
 *  Error lines get a larger allowance because the message is usually at the end. */
export const OUTPUT_LINE_MAX_CHARS = 400;
export const ERROR_LINE_MAX_CHARS = 1_000;

/** Token cap for a patch or other tool input: a patch's head and tail show which files changed and
 *  how; a 5,000-line generated patch teaches nothing more. */
export const TOOL_INPUT_MAX_TOKENS = 2_000;

/** Upper bound on characters per o200k token (English averages ~4; long words, URLs and base64 run
 *  higher). A text is cut to tokens × this many characters before it is tokenised (capChars.ts): the
 *  cut never removes anything the token cap would have kept in ordinary text, and no code path ever
 *  tokenises or copies a 150 MB line. */
export const MAX_CHARS_PER_TOKEN = 8;

/** Longest string a job keeps from a parsed rollout line (extractOne.readRolloutLines): 8 M chars is
 *  MAX_CHARS_PER_TOKEN × 1 M tokens, above any chunk budget (70 % of a 1 M window), so rendering loses
 *  nothing to it, while a rollout with several 150 MB lines no longer holds them all in memory. */
export const ROLLOUT_STRING_MAX_CHARS = 8_000_000;

/** Caps on what the model returns (after parsing). A raw memory over 64 KiB or a summary over 16 KiB
 *  means the model pasted outputs verbatim; phase 2 reads many of these at once, so they are cut on a
 *  line boundary instead of rejected. */
export const RAW_MEMORY_MAX_BYTES = 64 * 1024;
export const ROLLOUT_SUMMARY_MAX_BYTES = 16 * 1024;

/** Rollout slugs become file-name parts (`rollout_summaries/<date>-<slug>.md`): short and safe. */
export const ROLLOUT_SLUG_MAX_CHARS = 60;

// ---- the phase-1 runner (run.ts, extractOne.ts, dryRun.ts) ----

/** Times a job re-splits its transcript after the model says the input is too long. Each re-split
 *  halves the chunk budget, so 3 tries reach 1/8 of the first budget: enough for a model whose real
 *  window is far below what engram was told, without looping on a server that always refuses. */
export const MAX_CONTEXT_RESPLITS = 3;

/** Smallest chunk budget a re-split may use: below this a chunk no longer holds one tool call with
 *  its output, so splitting further cannot help and the job fails with context_length_exceeded. */
export const MIN_RESPLIT_BUDGET_TOKENS = 250;

/** How often `--wait` re-checks a targeted thread that another process is extracting. Short enough
 *  that a script waiting on one session returns promptly; each check is one small transaction. */
export const WAIT_POLL_MS = 1_000;

/** Output tokens assumed per model request in a dry-run cost estimate: a stage-1 reply (summary +
 *  raw memory) is typically 1–3k tokens; 2k keeps the estimate honest without over-promising. */
export const ESTIMATED_OUTPUT_TOKENS_PER_REQUEST = 2_000;

/** Longest failure message stored in `jobs.last_error`: enough for a server's explanation, not a dump. */
export const JOB_ERROR_MESSAGE_MAX_CHARS = 1_000;

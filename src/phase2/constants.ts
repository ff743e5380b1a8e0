/**
 * Constants of the phase-2 runner and its agent loop. Each budget is a safety net against a model
 * that never stops calling tools; a normal consolidation stays far below all of them. Tests override
 * them through `runPhase2({ budgets })`.
 */

/** Model turns per run. A first run over ~256 inputs reads in chunks and writes a few files: ~30 turns. */
export const AGENT_MAX_TURNS = 60;

/**
 * Input + output tokens summed over every turn. Each turn re-sends the conversation, so cost grows
 * quadratically; 2 M tokens is a few dollars on a frontier model and stops a runaway loop early.
 */
export const AGENT_MAX_TOTAL_TOKENS = 2_000_000;

/** Wall-clock time of the agent loop: 20 min. The phase-2 lease is renewed by heartbeats meanwhile. */
export const AGENT_MAX_WALL_MS = 20 * 60 * 1000;

/** The characters one tool result may send back to the model; the tools already cap reads, this bounds the rest. */
export const AGENT_TOOL_OUTPUT_MAX_CHARS = 64_000;

/** Commit subject when the agent's final reply is empty. */
export const FALLBACK_COMMIT_SUBJECT = "engram: consolidate memory";

/** Commit subjects longer than this are cut (git tools show ~72 columns). */
export const COMMIT_SUBJECT_MAX_CHARS = 120;

/** The ref `snapshotWorkspace` writes; its presence at the start of a run means a run crashed. */
export const SNAPSHOT_REF = "refs/engram/snapshot";

/** Roughly 0.75 English words per token: turns `summary_token_limit` into a word hint for the prompt. */
export const WORDS_PER_TOKEN = 0.75;

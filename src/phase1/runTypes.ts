/**
 * The phase-1 runner's contract (`runPhase1` in run.ts): its options, the events it emits while it
 * runs (progress bar, logs) and the summary it returns. `engram extract` and `engram update` use it.
 */
import type { EngramConfig } from "../config/schema.js";
import type { IneligibleThreadCounts } from "../db/jobs/countIneligibleThreads.js";
import type { Stage1ClaimOutcomeKind } from "../db/jobs/types.js";
import type { Logger } from "../log/logger.js";
import { emptyUsage, type ModelClient, type Usage } from "../model/types.js";
import type { Env } from "../paths.js";

export interface RunPhase1Options {
  /** engram home (state DB, logs DB). */
  home: string;
  config: EngramConfig;
  /** Only these threads (`--thread`). Ids not in the state DB → EngramError listing them. */
  threadIds?: string[];
  /** Skip the `min_rollout_idle_hours` filter (`--now`). */
  ignoreIdle?: boolean;
  /** With `threadIds`: wait for targeted threads another process is extracting (`--wait`). */
  wait?: boolean;
  /** List what would run with token/cost estimates; no claim, no model call (`--dry-run`). */
  dryRun?: boolean;
  /** Aborting stops claiming and ends running jobs (failed `interrupted`, retryable at once). */
  signal?: AbortSignal;
  onEvent?: (event: Phase1Event) => void;
  /** Clock in milliseconds (default Date.now); the DB gets whole seconds. Tests move it forward. */
  now?: () => number;
  /** Where API keys are read (default process.env). */
  env?: Env;
  /** Use this client instead of building one with createModelClient(config, {role: "extract"}). */
  client?: ModelClient;
  /** Logger (default: one on the home's logs DB, target `phase1`, closed at the end). */
  logger?: Logger;
  /** Overrides for tests: lease heartbeat interval (default memories.heartbeat_seconds) and --wait poll. */
  heartbeatMs?: number;
  waitPollMs?: number;
}

/** Why a candidate was not run: a claim refusal, or `not_eligible` for a targeted thread that the
 *  eligibility filter (memory mode, sub-agent, age, idle, archived, missing; not the source, which a
 *  named thread overrides) excludes. */
export type Phase1SkipReason = Exclude<Stage1ClaimOutcomeKind, "claimed"> | "not_eligible";

/** Failure classes stored in `jobs.last_error_class`. */
export type Phase1ErrorClass =
  | "model_error"
  | "parse_error"
  | "io_error"
  | "context_length_exceeded"
  | "ownership_lost"
  | "interrupted"
  | "internal_error";

export type Phase1JobOutcome = "succeeded" | "succeeded_no_output" | "failed";

export interface Phase1JobReport {
  threadId: string;
  outcome: Phase1JobOutcome;
  errorClass?: Phase1ErrorClass;
  /** For `model_error`: the model layer's kind (rate_limited, server_error, timeout, …). */
  modelErrorKind?: string;
  message?: string;
  /** Chunks the transcript was split into (0 when the job failed before rendering). */
  chunks: number;
  /** Model requests sent (chunks + merge + re-splits). */
  requests: number;
  /** Rollout lines skipped as unreadable. */
  badLines: number;
  usage: Usage;
  elapsedMs: number;
}

export interface Phase1DryRunEntry {
  threadId: string;
  title: string;
  cwd: string;
  chunks: number;
  /** Prompt tokens of every request (chunks + merge estimate); null when the rollout cannot be read. */
  estimatedInputTokens: number | null;
  estimatedOutputTokens: number | null;
  /** null = the model's price is unknown (or the rollout unreadable). */
  estimatedCostUsd: number | null;
  error?: string;
}

export interface Phase1DryRunTotal {
  model: string;
  threads: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedCostUsd: number | null;
}

/** Threads that were not candidates, by the first eligibility rule they fail (countIneligibleThreads),
 *  with the config values the text summary names. */
export interface Phase1Ineligible extends IneligibleThreadCounts {
  minIdleHours: number;
  maxAgeDays: number;
}

export interface Phase1Summary {
  claimed: number;
  succeeded: number;
  succeededNoOutput: number;
  failed: number;
  skipped: Record<Phase1SkipReason, number>;
  usage: Usage;
  elapsedMs: number;
  jobs: Phase1JobReport[];
  /** Targeted threads that were skipped, with why (so `--thread X` never ends silently). */
  skippedThreads: { threadId: string; reason: Phase1SkipReason }[];
  model?: string;
  /** Set when phase 1 is switched off and did nothing: `generate_memories` = the config key that is false. */
  off?: "generate_memories";
  /** Why the other threads were not candidates (absent when phase 1 is off). */
  ineligible?: Phase1Ineligible;
  dryRun?: Phase1DryRunEntry[];
  dryRunTotal?: Phase1DryRunTotal;
}

export type Phase1Event =
  | { type: "claimed"; threadId: string }
  | { type: "succeeded"; threadId: string; job: Phase1JobReport }
  | { type: "succeeded_no_output"; threadId: string; job: Phase1JobReport }
  | { type: "failed"; threadId: string; job: Phase1JobReport }
  | { type: "skipped"; threadId: string; reason: Phase1SkipReason }
  /** `done` of `total` candidates handled (run or skipped); `running` in this process now. */
  | { type: "progress"; done: number; total: number; running: number };

export const PHASE1_SKIP_REASONS: Phase1SkipReason[] = [
  "skipped_up_to_date", "skipped_running", "skipped_retry_backoff", "skipped_retry_exhausted", "skipped_cap_reached", "not_eligible",
];

export function emptySummary(): Phase1Summary {
  return {
    claimed: 0, succeeded: 0, succeededNoOutput: 0, failed: 0,
    skipped: Object.fromEntries(PHASE1_SKIP_REASONS.map((r) => [r, 0])) as Record<Phase1SkipReason, number>,
    usage: emptyUsage(), elapsedMs: 0, jobs: [], skippedThreads: [],
  };
}


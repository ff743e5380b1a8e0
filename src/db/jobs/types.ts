/**
 * The closed vocabularies of the job system: statuses stored in `jobs.status`, claim outcomes,
 * and run outcomes stored in `jobs.outcome`. See README.md for when each occurs.
 */

/** `jobs.status`. `pending` is only written for the global row (after an enqueue). */
export type JobStatus = "pending" | "running" | "done" | "error";

/**
 * Result of one phase-1 claim. engram splits Codex's `SkippedRunning` in two: `skipped_running`
 * (this thread's row holds a live lease) and `skipped_cap_reached` (the global running cap is full).
 */
export type Stage1ClaimOutcome =
  | { kind: "claimed"; ownershipToken: string }
  | { kind: "skipped_up_to_date" }
  | { kind: "skipped_running" }
  | { kind: "skipped_retry_backoff" }
  | { kind: "skipped_retry_exhausted" }
  | { kind: "skipped_cap_reached" };

export type Stage1ClaimOutcomeKind = Stage1ClaimOutcome["kind"];

export const STAGE1_CLAIM_OUTCOME_KINDS: readonly Stage1ClaimOutcomeKind[] = [
  "claimed",
  "skipped_up_to_date",
  "skipped_running",
  "skipped_retry_backoff",
  "skipped_retry_exhausted",
  "skipped_cap_reached",
];

/** Result of a phase-2 lock claim. */
export type GlobalClaimOutcome =
  | { kind: "claimed"; ownershipToken: string; inputWatermark: number }
  | { kind: "skipped_running" }
  | { kind: "skipped_cooldown" }
  | { kind: "skipped_retry_unavailable" };

/** `jobs.outcome` of a finished stage-1 run. */
export type Stage1RunOutcome = "succeeded" | "succeeded_no_output" | "failed";

/** `jobs.outcome` of a finished phase-2 run (failure reasons go to `last_error_class`). */
export type GlobalRunOutcome = "succeeded" | "succeeded_no_workspace_changes" | "succeeded_no_input" | "failed";

/** Thread metadata a phase-1 runner needs for a claimed job. */
export interface ClaimedThread {
  id: string;
  rolloutPath: string;
  cwd: string;
  gitBranch: string | null;
  updatedAt: number;
  source: string;
}

/** A raw `jobs` row (snake_case, as stored). */
export interface JobRow {
  kind: string;
  job_key: string;
  status: JobStatus;
  worker_id: string | null;
  ownership_token: string | null;
  started_at: number | null;
  finished_at: number | null;
  lease_until: number | null;
  retry_at: number | null;
  retry_remaining: number;
  last_error: string | null;
  last_error_class: string | null;
  input_watermark: number | null;
  last_success_watermark: number | null;
  attempts: number;
  outcome: string | null;
  chunk_count: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
}

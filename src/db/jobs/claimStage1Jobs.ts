import { nowSeconds, type Db } from "../open.js";
import { claimStage1Job } from "./claimStage1Job.js";
import { listStage1Candidates, type ListStage1CandidatesParams } from "./listStage1Candidates.js";
import { STAGE1_CLAIM_OUTCOME_KINDS, type ClaimedThread, type Stage1ClaimOutcomeKind } from "./types.js";

export interface ClaimStage1JobsParams extends ListStage1CandidatesParams {
  workerId: string;
  /** Claims wanted from this pass (`max_rollouts_per_startup`). */
  maxClaimed: number;
  /** Global running cap; defaults to `maxClaimed` as in Codex. */
  maxRunningJobs?: number;
  leaseSeconds?: number;
  maxRetries?: number;
}

export interface Stage1Claim {
  thread: ClaimedThread;
  ownershipToken: string;
}

export interface ClaimStage1JobsResult {
  claims: Stage1Claim[];
  /** Candidates returned by the scan (after the up-to-date probe). */
  candidates: number;
  /** One count per claim attempt outcome. */
  counts: Record<Stage1ClaimOutcomeKind, number>;
}

/**
 * One phase-1 claiming pass (spec §2.1 steps 1–5).
 *
 * Query behavior: lists candidates with `listStage1Candidates` (newest first), then calls
 * `claimStage1Job` on each with `sourceUpdatedAt = updated_at` until `maxClaimed` claims are held.
 * Stops early at the first `skipped_cap_reached`: the cap is global, so every later candidate
 * would be refused the same way. `scanLimit == 0` or `maxClaimed == 0` returns no claims.
 * Each claim is its own short transaction; another process may claim between them.
 */
export function claimStage1Jobs(db: Db, params: ClaimStage1JobsParams): ClaimStage1JobsResult {
  const counts = Object.fromEntries(STAGE1_CLAIM_OUTCOME_KINDS.map((k) => [k, 0])) as Record<
    Stage1ClaimOutcomeKind,
    number
  >;
  const claims: Stage1Claim[] = [];
  if (params.maxClaimed <= 0 || params.scanLimit === 0) return { claims, candidates: 0, counts };
  const now = params.now ?? nowSeconds();
  const candidates = listStage1Candidates(db, { ...params, now });
  for (const thread of candidates) {
    if (claims.length >= params.maxClaimed) break;
    const outcome = claimStage1Job(db, {
      threadId: thread.id,
      workerId: params.workerId,
      sourceUpdatedAt: thread.updatedAt,
      maxRunningJobs: params.maxRunningJobs ?? params.maxClaimed,
      now,
      ...(params.leaseSeconds !== undefined ? { leaseSeconds: params.leaseSeconds } : {}),
      ...(params.maxRetries !== undefined ? { maxRetries: params.maxRetries } : {}),
    });
    counts[outcome.kind] += 1;
    if (outcome.kind === "claimed") claims.push({ thread, ownershipToken: outcome.ownershipToken });
    if (outcome.kind === "skipped_cap_reached") break;
  }
  return { claims, candidates: candidates.length, counts };
}

import { nowSeconds, type Db } from "../open.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL } from "./constants.js";
import { finishJob } from "./finishJob.js";
import type { GlobalRunOutcome } from "./types.js";

export interface SelectedSnapshot {
  threadId: string;
  sourceUpdatedAt: number;
}

export interface CompleteGlobalJobParams {
  token: string;
  /** `computeWatermark(claimed, selected)`; `last_success_watermark` never moves backwards. */
  completedWatermark: number;
  /** The stage-1 snapshots this phase 2 consolidated. */
  selected: readonly SelectedSnapshot[];
  outcome: Exclude<GlobalRunOutcome, "failed">;
  now?: number;
}

const CLEAR_SELECTION_SQL = `
  UPDATE stage1_outputs SET selected_for_phase2 = 0, selected_for_phase2_source_updated_at = NULL
  WHERE selected_for_phase2 != 0 OR selected_for_phase2_source_updated_at IS NOT NULL`;

const MARK_SELECTED_SQL = `
  UPDATE stage1_outputs SET selected_for_phase2 = 1, selected_for_phase2_source_updated_at = source_updated_at
  WHERE thread_id = ? AND source_updated_at = ?`;

/**
 * Records a successful phase 2 (spec §3.1.3), in one transaction.
 *
 * Query behavior:
 * 1. `finishJob`: the owned running global row (`ownership_token = token`) → `done`, lease cleared,
 *    `last_error` cleared, `outcome` stored, `last_success_watermark = max(existing, completedWatermark)`.
 *    No match → false, nothing written (the lock was lost).
 * 2. Clears `selected_for_phase2*` on every stage-1 row, then marks each selected snapshot ONLY where
 *    `(thread_id, source_updated_at)` still matches: a row refreshed by phase 1 meanwhile stays
 *    unmarked, so the next phase 2 sees it as new.
 * Returns true.
 */
export function completeGlobalJob(db: Db, params: CompleteGlobalJobParams): boolean {
  const now = params.now ?? nowSeconds();
  const tx = db.transaction((): boolean => {
    const finished = finishJob(db, {
      kind: JOB_KIND_GLOBAL, jobKey: GLOBAL_JOB_KEY, token: params.token,
      outcome: params.outcome, successWatermark: params.completedWatermark, now,
    });
    if (!finished) return false;
    db.prepare(CLEAR_SELECTION_SQL).run();
    const mark = db.prepare(MARK_SELECTED_SQL);
    for (const s of params.selected) mark.run(s.threadId, s.sourceUpdatedAt);
    return true;
  });
  return tx.immediate();
}

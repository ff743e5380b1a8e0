import { nowSeconds, type Db } from "../open.js";
import { enqueueGlobalConsolidation } from "../jobs/enqueueGlobalConsolidation.js";

const MARK_SQL = `UPDATE threads SET memory_mode = 'polluted' WHERE id = ? AND memory_mode != 'polluted'`;

const SELECTED_SQL = `SELECT 1 FROM stage1_outputs WHERE thread_id = ? AND selected_for_phase2 != 0`;

/**
 * Marks a thread as carrying external context (spec §4.6): its memory is excluded from phase 1 and
 * phase 2 from now on.
 *
 * Query behavior (one transaction): `threads.memory_mode = 'polluted'` unless already polluted.
 * Whether or not that changed anything, if the thread's stage-1 row is in the last phase-2
 * selection, enqueues global consolidation (watermark `now`) so phase 2 removes it.
 * Returns true when the mode changed.
 */
export function markThreadMemoryModePolluted(db: Db, threadId: string, now: number = nowSeconds()): boolean {
  const tx = db.transaction((): boolean => {
    const changed = db.prepare(MARK_SQL).run(threadId).changes > 0;
    if (db.prepare(SELECTED_SQL).get(threadId)) enqueueGlobalConsolidation(db, now);
    return changed;
  });
  return tx.immediate();
}

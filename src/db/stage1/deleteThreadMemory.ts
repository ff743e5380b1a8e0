import { nowSeconds, type Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "../jobs/constants.js";
import { enqueueGlobalConsolidation } from "../jobs/enqueueGlobalConsolidation.js";

export interface DeleteThreadMemoryResult {
  deletedOutput: boolean;
  /** True when the memory was part of the last phase-2 selection, so phase 2 must drop it. */
  enqueuedConsolidation: boolean;
}

/**
 * Forgets one thread's memory (spec §5.5 `delete_thread_memory`), in one transaction.
 *
 * Query behavior: deletes the thread's `stage1_outputs` row and its `memory_stage1` job row. If an
 * output row was deleted and it had `selected_for_phase2 != 0`, enqueues global consolidation with
 * watermark `now`. The thread row itself is not touched.
 */
export function deleteThreadMemory(db: Db, threadId: string, now: number = nowSeconds()): DeleteThreadMemoryResult {
  const tx = db.transaction((): DeleteThreadMemoryResult => {
    const deleted = db
      .prepare("DELETE FROM stage1_outputs WHERE thread_id = ? RETURNING selected_for_phase2")
      .get(threadId) as { selected_for_phase2: number } | undefined;
    db.prepare(`DELETE FROM jobs WHERE kind = '${JOB_KIND_STAGE1}' AND job_key = ?`).run(threadId);
    const enqueue = deleted !== undefined && deleted.selected_for_phase2 !== 0;
    if (enqueue) enqueueGlobalConsolidation(db, now);
    return { deletedOutput: deleted !== undefined, enqueuedConsolidation: enqueue };
  });
  return tx.immediate();
}

import type { Db } from "../open.js";
import { JOB_KIND_GLOBAL, JOB_KIND_STAGE1 } from "../jobs/constants.js";

export interface ClearMemoryDataResult {
  outputsDeleted: number;
  jobsDeleted: number;
}

/**
 * Forgets all memory state (spec §5.3 `clear_memory_data`): the memory folder is the caller's job.
 *
 * Query behavior (one transaction): deletes every `stage1_outputs` row and every job of kind
 * `memory_stage1` or `memory_consolidate_global`. Thread rows, including `memory_mode`, are kept,
 * so the next phase 1 re-extracts every eligible thread.
 */
export function clearMemoryData(db: Db): ClearMemoryDataResult {
  const tx = db.transaction((): ClearMemoryDataResult => ({
    outputsDeleted: db.prepare("DELETE FROM stage1_outputs").run().changes,
    jobsDeleted: db
      .prepare(`DELETE FROM jobs WHERE kind IN ('${JOB_KIND_STAGE1}', '${JOB_KIND_GLOBAL}')`)
      .run().changes,
  }));
  return tx.immediate();
}

import type { Db } from "../open.js";
import { failJob } from "./failJob.js";
import { globalFailure, type FailGlobalJobParams } from "./failGlobalJob.js";

/**
 * Fallback of `failGlobalJob` (spec §3.1.3 `mark_global_phase2_job_failed_if_unowned`): recovers a
 * running global row stuck without an owner.
 *
 * Query behavior (`failJob` with `orUnowned`): the same update as `failGlobalJob`, on the running
 * global row whose `ownership_token = token OR ownership_token IS NULL`. Another worker's live claim
 * is never touched. Returns whether a row matched.
 */
export function failGlobalJobIfUnowned(db: Db, params: FailGlobalJobParams): boolean {
  return failJob(db, globalFailure(params, true));
}

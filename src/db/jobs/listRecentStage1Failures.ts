import type { Db } from "../open.js";
import { JOB_KIND_STAGE1 } from "./constants.js";

export interface Stage1Failure {
  threadId: string;
  /** The thread's title ('' when the thread row is gone). */
  title: string;
  errorClass: string | null;
  message: string | null;
  failedAt: number | null;
  /** When the next claim may retry it (Unix seconds); see `retryRemaining`. */
  retryAt: number | null;
  /** 0 = retries exhausted: retried only when the session's rollout changes. */
  retryRemaining: number;
}

const SQL = `
  SELECT j.job_key AS threadId, COALESCE(t.title, '') AS title, j.last_error_class AS errorClass,
         j.last_error AS message, j.finished_at AS failedAt, j.retry_at AS retryAt,
         j.retry_remaining AS retryRemaining
  FROM jobs AS j
  LEFT JOIN threads AS t ON t.id = j.job_key
  WHERE j.kind = '${JOB_KIND_STAGE1}' AND j.status = 'error'
  ORDER BY j.finished_at DESC, j.job_key
  LIMIT @limit`;

/**
 * The phase-1 jobs currently failed, most recent failure first, for `engram status`.
 *
 * Query behavior: `memory_stage1` rows with `status = 'error'` (a later successful or running attempt
 * takes a row out), joined to `threads` for the title, ordered by `finished_at DESC, job_key`, at most
 * `limit` rows. Read-only.
 */
export function listRecentStage1Failures(db: Db, limit: number): Stage1Failure[] {
  return db.prepare(SQL).all({ limit }) as Stage1Failure[];
}

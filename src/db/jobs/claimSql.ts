/**
 * SQL shared by the two claims (claimStage1Job, claimGlobalJob), so "taking a row" means the same
 * thing for both. Each claim adds its own conditions and columns around these pieces.
 */
import type { JobRow } from "./types.js";

/**
 * The SET list of every claim of an existing row: a new owner and token, a fresh lease, the previous
 * run's finish, backoff and error cleared, one more attempt (a crashed attempt counts).
 * Parameters: `@workerId`, `@token`, `@now`, `@leaseUntil`.
 */
export const TAKE_OWNERSHIP_SET_SQL = `
    status           = 'running',
    worker_id        = @workerId,
    ownership_token  = @token,
    started_at       = @now,
    finished_at      = NULL,
    lease_until      = @leaseUntil,
    retry_at         = NULL,
    last_error       = NULL,
    last_error_class = NULL,
    attempts         = attempts + 1`;

/** A row running under a lease that has not expired (`@now`): nobody else may take it. */
export const LIVE_LEASE_SQL = `(status = 'running' AND lease_until IS NOT NULL AND lease_until > @now)`;

/** `LIVE_LEASE_SQL` on a row already read. */
export function hasLiveLease(row: JobRow, now: number): boolean {
  return row.status === "running" && row.lease_until !== null && row.lease_until > now;
}

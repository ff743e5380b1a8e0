import { nowSeconds, type Db } from "../open.js";

export interface HeartbeatJobParams {
  /** `JOB_KIND_STAGE1` or `JOB_KIND_GLOBAL`. */
  kind: string;
  /** Thread id, or `GLOBAL_JOB_KEY`. */
  jobKey: string;
  token: string;
  leaseSeconds: number;
  now?: number;
}

const SQL = `
  UPDATE jobs SET lease_until = @leaseUntil
  WHERE kind = @kind AND job_key = @jobKey AND status = 'running' AND ownership_token = @token`;

/**
 * Extends the lease of a running job this worker owns (phase 2 heartbeats; any kind).
 *
 * Query behavior: sets `lease_until = now + leaseSeconds` on the row matching kind, key,
 * `status = 'running'` and `ownership_token`. Returns false when nothing matched: the lease was
 * lost (taken over after expiring, or the row was cleared) and the run must stop.
 */
export function heartbeatJob(db: Db, params: HeartbeatJobParams): boolean {
  const now = params.now ?? nowSeconds();
  const result = db.prepare(SQL).run({
    kind: params.kind,
    jobKey: params.jobKey,
    token: params.token,
    leaseUntil: now + params.leaseSeconds,
  });
  return result.changes === 1;
}

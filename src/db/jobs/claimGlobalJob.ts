import { randomUUID } from "node:crypto";
import { nowSeconds, type Db } from "../open.js";
import {
  DEFAULT_RETRY_REMAINING,
  GLOBAL_JOB_KEY,
  GLOBAL_LEASE_SECONDS,
  JOB_KIND_GLOBAL,
  PHASE2_SUCCESS_COOLDOWN_SECONDS,
} from "./constants.js";
import { hasLiveLease, LIVE_LEASE_SQL, TAKE_OWNERSHIP_SET_SQL } from "./claimSql.js";
import type { GlobalClaimOutcome, JobRow } from "./types.js";

export interface ClaimGlobalJobParams {
  workerId: string;
  leaseSeconds?: number;
  /** Minimum time between the end of a successful phase 2 and the next claim. */
  cooldownSeconds?: number;
  /** Skip the success cooldown and a failure's retry backoff; a live lease is never skipped. */
  force?: boolean;
  now?: number;
}

const READ_SQL = `SELECT * FROM jobs WHERE kind = '${JOB_KIND_GLOBAL}' AND job_key = '${GLOBAL_JOB_KEY}'`;

const INSERT_SQL = `
  INSERT INTO jobs (kind, job_key, status, worker_id, ownership_token, started_at, lease_until,
                    retry_remaining, input_watermark, last_success_watermark, attempts)
  VALUES ('${JOB_KIND_GLOBAL}', '${GLOBAL_JOB_KEY}', 'running', @workerId, @token, @now, @leaseUntil,
          @retries, 0, 0, 1)
  ON CONFLICT (kind, job_key) DO NOTHING`;

// The same three checks as the reads in claimGlobalJob, repeated as a guard on the write.
const UPDATE_SQL = `
  UPDATE jobs SET ${TAKE_OWNERSHIP_SET_SQL}
  WHERE kind = '${JOB_KIND_GLOBAL}' AND job_key = '${GLOBAL_JOB_KEY}'
    AND (@force = 1 OR retry_at IS NULL OR retry_at <= @now)
    AND NOT ${LIVE_LEASE_SQL}
    AND (@force = 1 OR last_error IS NOT NULL OR finished_at IS NULL OR finished_at <= @cooldownCutoff)`;

/**
 * Takes the phase-2 lock (spec §3.1.1, Codex G3 semantics), in one `BEGIN IMMEDIATE` transaction.
 *
 * Query behavior, on the singleton row (`memory_consolidate_global`, `global`):
 * 1. No row → insert `running` with `input_watermark = 0`, `last_success_watermark = 0` → claimed
 *    (phase 2 runs even if phase 1 never enqueued).
 * 2. `retry_at > now` (a failure's backoff) → `skipped_retry_unavailable`, unless `force`.
 * 3. `running` with `lease_until > now` → `skipped_running` (even with `force`).
 * 4. Last run succeeded (`last_error IS NULL`) and `finished_at > now - cooldownSeconds` →
 *    `skipped_cooldown`, unless `force`. A failed run is subject only to its backoff.
 * 5. Otherwise a guarded update → `running` with a new token, `attempts + 1`; claimed with the
 *    row's `input_watermark` (0 if NULL). `retry_remaining` is not consulted: the lock only locks.
 */
export function claimGlobalJob(db: Db, params: ClaimGlobalJobParams): GlobalClaimOutcome {
  const now = params.now ?? nowSeconds();
  const force = params.force === true;
  const values = {
    workerId: params.workerId,
    token: randomUUID(),
    now,
    leaseUntil: now + (params.leaseSeconds ?? GLOBAL_LEASE_SECONDS),
    retries: DEFAULT_RETRY_REMAINING,
    force: force ? 1 : 0,
    cooldownCutoff: now - (params.cooldownSeconds ?? PHASE2_SUCCESS_COOLDOWN_SECONDS),
  };
  const claim = db.transaction((): GlobalClaimOutcome => {
    const row = db.prepare(READ_SQL).get() as JobRow | undefined;
    if (!row) {
      const inserted = db.prepare(INSERT_SQL).run(values).changes === 1;
      return inserted ? { kind: "claimed", ownershipToken: values.token, inputWatermark: 0 } : { kind: "skipped_running" };
    }
    if (!force && row.retry_at !== null && row.retry_at > now) return { kind: "skipped_retry_unavailable" };
    if (hasLiveLease(row, now)) return { kind: "skipped_running" };
    const coolingDown = row.last_error === null && row.finished_at !== null && row.finished_at > values.cooldownCutoff;
    if (!force && coolingDown) return { kind: "skipped_cooldown" };
    if (db.prepare(UPDATE_SQL).run(values).changes === 0) return { kind: "skipped_running" };
    return { kind: "claimed", ownershipToken: values.token, inputWatermark: row.input_watermark ?? 0 };
  });
  return claim.immediate();
}

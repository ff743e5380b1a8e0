import type { Db } from "../open.js";
import { DEFAULT_RETRY_REMAINING, GLOBAL_JOB_KEY, JOB_KIND_GLOBAL } from "./constants.js";

const SQL = `
  INSERT INTO jobs (kind, job_key, status, retry_remaining, input_watermark, last_success_watermark, attempts)
  VALUES ('${JOB_KIND_GLOBAL}', '${GLOBAL_JOB_KEY}', 'pending', @retries, @watermark, 0, 0)
  ON CONFLICT (kind, job_key) DO UPDATE SET
    status          = CASE WHEN jobs.status = 'running' THEN 'running' ELSE 'pending' END,
    retry_at        = CASE WHEN jobs.status = 'running' THEN jobs.retry_at ELSE NULL END,
    retry_remaining = MAX(jobs.retry_remaining, @retries),
    input_watermark = CASE
                        WHEN excluded.input_watermark > COALESCE(jobs.input_watermark, 0) THEN excluded.input_watermark
                        ELSE COALESCE(jobs.input_watermark, 0) + 1
                      END`;

/**
 * Records that phase 2 has new input (spec §3.1.4). Bookkeeping: the phase-2 claim does not require it.
 *
 * Query behavior: upserts the singleton global row. New row: `pending`, `retry_remaining = 3`,
 * `input_watermark = inputWatermark`, `last_success_watermark = 0`. Existing row: stays `running` if
 * running (keeping its `retry_at`), else becomes `pending` with `retry_at` cleared;
 * `retry_remaining = max(existing, 3)`; `input_watermark` = the given value if greater than the
 * stored one, else stored + 1, so it always advances. Must run inside the caller's transaction when
 * it is part of a larger write.
 */
export function enqueueGlobalConsolidation(db: Db, inputWatermark: number): void {
  db.prepare(SQL).run({ watermark: inputWatermark, retries: DEFAULT_RETRY_REMAINING });
}

import { nowSeconds, type Db } from "../open.js";

const SQL = `
  UPDATE stage1_outputs SET usage_count = COALESCE(usage_count, 0) + 1, last_usage = ?
  WHERE thread_id = ?`;

/**
 * Records that a session cited these memories (spec §4.4); the ranking signal of phase 2.
 *
 * Query behavior: in one transaction, for EACH id in the list (a duplicate counts twice),
 * `usage_count = COALESCE(usage_count, 0) + 1, last_usage = now`. Unknown ids are ignored.
 * Returns the number of row updates made.
 */
export function recordStage1Usage(db: Db, threadIds: readonly string[], now: number = nowSeconds()): number {
  const update = db.prepare(SQL);
  const tx = db.transaction((): number => {
    let updated = 0;
    for (const id of threadIds) updated += update.run(now, id).changes;
    return updated;
  });
  return tx();
}

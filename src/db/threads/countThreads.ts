import type { Db } from "../open.js";

export interface ThreadCounts {
  total: number;
  missing: number;
  archived: number;
  /** Thread count per `source` value, largest first. */
  bySource: { source: string; count: number }[];
}

/** Counts over all `threads` rows, for `engram status`. */
export function countThreads(db: Db): ThreadCounts {
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS total, COALESCE(SUM(missing), 0) AS missing, COALESCE(SUM(archived), 0) AS archived
         FROM threads`,
    )
    .get() as { total: number; missing: number; archived: number };
  const bySource = db
    .prepare(`SELECT source, COUNT(*) AS count FROM threads GROUP BY source ORDER BY count DESC, source`)
    .all() as { source: string; count: number }[];
  return { ...totals, bySource };
}

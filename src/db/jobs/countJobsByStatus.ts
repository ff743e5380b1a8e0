import type { Db } from "../open.js";

/** Job rows per (kind, status), for `engram status`. Ordered by kind, then status. */
export function countJobsByStatus(db: Db): { kind: string; status: string; count: number }[] {
  return db
    .prepare(`SELECT kind, status, COUNT(*) AS count FROM jobs GROUP BY kind, status ORDER BY kind, status`)
    .all() as { kind: string; status: string; count: number }[];
}

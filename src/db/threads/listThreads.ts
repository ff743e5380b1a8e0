import type { Db } from "../open.js";

export interface ThreadFilter {
  /** Only threads whose cwd is this absolute folder or lies below it (matched on `/` boundaries). */
  cwd?: string;
  /** Only threads with one of these `source` values. */
  sources?: readonly string[];
  /** Only threads with `updated_at >= since` (Unix seconds). */
  since?: number;
  limit: number;
}

export interface ThreadListRow {
  id: string;
  updatedAt: number;
  createdAt: number;
  source: string;
  cwd: string;
  title: string;
  tokensUsed: number;
  archived: boolean;
  missing: boolean;
  rolloutPath: string;
}

/** The WHERE clause and parameters for `f` (shared by the list and its count). */
function filterSql(f: Omit<ThreadFilter, "limit">): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.cwd !== undefined) {
    const dir = f.cwd.length > 1 ? f.cwd.replace(/\/+$/, "") : f.cwd;
    if (dir !== "/") {
      // Prefix match on a folder boundary without LIKE (paths may contain % or _).
      where.push(`(cwd = @cwd OR substr(cwd, 1, length(@cwdSlash)) = @cwdSlash)`);
      params.cwd = dir;
      params.cwdSlash = dir + "/";
    }
  }
  if (f.sources && f.sources.length > 0) {
    const names = f.sources.map((_, i) => `@source${i}`);
    f.sources.forEach((s, i) => (params[`source${i}`] = s));
    where.push(`source IN (${names.join(", ")})`);
  }
  if (f.since !== undefined) {
    where.push(`updated_at >= @since`);
    params.since = f.since;
  }
  return { where: where.length ? "WHERE " + where.join(" AND ") : "", params };
}

/** How many threads match `f` without a limit (to say "showing 50 of 2000"). */
export function countMatchingThreads(db: Db, f: Omit<ThreadFilter, "limit">): number {
  const { where, params } = filterSql(f);
  return (db.prepare(`SELECT COUNT(*) AS n FROM threads ${where}`).get(params) as { n: number }).n;
}

/** Threads matching `f`, newest activity first (`updated_at DESC, id DESC`), at most `f.limit`. */
export function listThreads(db: Db, f: ThreadFilter): ThreadListRow[] {
  const { where, params } = filterSql(f);
  params.limit = f.limit;
  const rows = db
    .prepare(
      `SELECT id, updated_at, created_at, source, cwd, title, tokens_used, archived, missing, rollout_path
         FROM threads ${where}
        ORDER BY updated_at DESC, id DESC
        LIMIT @limit`,
    )
    .all(params) as {
    id: string;
    updated_at: number;
    created_at: number;
    source: string;
    cwd: string;
    title: string;
    tokens_used: number;
    archived: number;
    missing: number;
    rollout_path: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    updatedAt: r.updated_at,
    createdAt: r.created_at,
    source: r.source,
    cwd: r.cwd,
    title: r.title,
    tokensUsed: r.tokens_used,
    archived: r.archived === 1,
    missing: r.missing === 1,
    rolloutPath: r.rollout_path,
  }));
}

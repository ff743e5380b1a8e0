import type { Db } from "../open.js";

export interface ThreadByIdRow {
  id: string;
  title: string;
  cwd: string;
  source: string;
  memoryMode: string;
  archived: boolean;
  missing: boolean;
  updatedAt: number;
  rolloutPath: string;
}

/**
 * The threads among `ids` that exist (e.g. to check `engram extract --thread` ids and show titles).
 *
 * Query behavior: `WHERE id IN ids` (no other filter), ordered by id. Ids not in `threads` are simply
 * absent from the result. An empty `ids` returns [].
 */
export function getThreadsByIds(db: Db, ids: readonly string[]): ThreadByIdRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT id, title, cwd, source, memory_mode, archived, missing, updated_at, rollout_path
         FROM threads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(ids)) as {
    id: string; title: string; cwd: string; source: string; memory_mode: string;
    archived: number; missing: number; updated_at: number; rollout_path: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    cwd: r.cwd,
    source: r.source,
    memoryMode: r.memory_mode,
    archived: r.archived === 1,
    missing: r.missing === 1,
    updatedAt: r.updated_at,
    rolloutPath: r.rollout_path,
  }));
}

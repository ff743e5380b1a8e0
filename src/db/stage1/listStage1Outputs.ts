import type { Db } from "../open.js";
import { STAGE1_OUTPUT_COLUMNS, toStage1Output, type Stage1Output, type Stage1OutputRow } from "./types.js";

export interface ListStage1OutputsParams {
  limit?: number;
  /** Also list rows of disabled/polluted/missing threads and blank rows (for inspection). */
  includeUnusable?: boolean;
}

const SQL = `
  SELECT ${STAGE1_OUTPUT_COLUMNS}
  FROM stage1_outputs AS o
  JOIN threads AS t ON t.id = o.thread_id
  WHERE @all = 1
     OR (t.memory_mode = 'enabled' AND t.missing = 0
         AND (length(trim(o.raw_memory, char(32, 9, 10, 13))) > 0 OR length(trim(o.rollout_summary, char(32, 9, 10, 13))) > 0))
  ORDER BY o.source_updated_at DESC, o.thread_id DESC
  LIMIT @limit`;

/**
 * Stored stage-1 outputs for `engram status` and inspection (Codex `list_stage1_outputs_for_global`).
 *
 * Query behavior: joins `threads` (rows of deleted threads are never listed); unless
 * `includeUnusable`, keeps only enabled, present threads with a non-blank payload. Orders
 * `source_updated_at DESC, thread_id DESC`; `limit` rows (default all). Hydrated with
 * `rollout_path`, `cwd`, `git_branch`.
 */
export function listStage1Outputs(db: Db, params: ListStage1OutputsParams = {}): Stage1Output[] {
  const rows = db.prepare(SQL).all({
    all: params.includeUnusable ? 1 : 0,
    limit: params.limit ?? -1,
  }) as Stage1OutputRow[];
  return rows.map(toStage1Output);
}

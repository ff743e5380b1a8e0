import { nowSeconds, type Db } from "../open.js";
import { SECONDS_PER_DAY } from "../jobs/constants.js";
import { STAGE1_OUTPUT_COLUMNS, toStage1Output, type Stage1Output, type Stage1OutputRow } from "./types.js";

export interface SelectPhase2InputsParams {
  /** Top N memories to consolidate (`max_raw_memories_for_consolidation`). */
  maxInputs: number;
  /** Memories neither cited nor refreshed within this many days are left out (`max_unused_days`). */
  maxUnusedDays: number;
  now?: number;
}

const SQL = `
  SELECT * FROM (
    SELECT ${STAGE1_OUTPUT_COLUMNS}
    FROM stage1_outputs AS o
    JOIN threads AS t ON t.id = o.thread_id
    WHERE t.memory_mode = 'enabled'
      AND t.missing = 0
      AND (length(trim(o.raw_memory, char(32, 9, 10, 13))) > 0 OR length(trim(o.rollout_summary, char(32, 9, 10, 13))) > 0)
      AND ((o.last_usage IS NOT NULL AND o.last_usage >= @cutoff)
           OR (o.last_usage IS NULL AND o.source_updated_at >= @cutoff))
    ORDER BY COALESCE(o.usage_count, 0) DESC,
             COALESCE(o.last_usage, o.source_updated_at) DESC,
             o.source_updated_at DESC,
             o.thread_id DESC
    LIMIT @limit
  )
  ORDER BY thread_id ASC`;

/**
 * The stage-1 outputs phase 2 consolidates (spec §3.3, Codex G3 ranking).
 *
 * Query behavior:
 * - Keeps rows whose thread still exists with `memory_mode = 'enabled'` and not missing, with a
 *   non-blank (spaces, tabs, newlines trimmed) `raw_memory` or `rollout_summary`, and used or refreshed recently: `last_usage >= cutoff`,
 *   or never used and `source_updated_at >= cutoff` (cutoff = now - maxUnusedDays).
 * - Ranks by `usage_count DESC, COALESCE(last_usage, source_updated_at) DESC, source_updated_at DESC,
 *   thread_id DESC` and keeps the top `maxInputs`.
 * - Returns them hydrated with `rollout_path`, `cwd`, `git_branch`, sorted by `thread_id ASC`
 *   (a stable order for `raw_memories.md`). `maxInputs <= 0` → empty.
 */
export function selectPhase2Inputs(db: Db, params: SelectPhase2InputsParams): Stage1Output[] {
  if (params.maxInputs <= 0) return [];
  const now = params.now ?? nowSeconds();
  const rows = db.prepare(SQL).all({
    cutoff: now - Math.max(0, params.maxUnusedDays) * SECONDS_PER_DAY,
    limit: params.maxInputs,
  }) as Stage1OutputRow[];
  return rows.map(toStage1Output);
}

/** A stage-1 output joined with the metadata of its thread (the shape phase 2 and status read). */
export interface Stage1Output {
  threadId: string;
  /** `threads.updated_at` of the extracted snapshot (seconds). */
  sourceUpdatedAt: number;
  rawMemory: string;
  rolloutSummary: string;
  rolloutSlug: string | null;
  generatedAt: number;
  /** Times a later session cited this memory; 0 when never cited. */
  usageCount: number;
  lastUsage: number | null;
  /** Part of the last successful phase-2 selection. */
  selectedForPhase2: boolean;
  /** The snapshot that selection consolidated (differs from sourceUpdatedAt after a refresh). */
  selectedForPhase2SourceUpdatedAt: number | null;
  rolloutPath: string;
  cwd: string;
  gitBranch: string | null;
}

/** The SELECT list that `toStage1Output` reads: `stage1_outputs AS o JOIN threads AS t`. */
export const STAGE1_OUTPUT_COLUMNS = `
  o.thread_id, o.source_updated_at, o.raw_memory, o.rollout_summary, o.rollout_slug, o.generated_at,
  o.usage_count, o.last_usage, o.selected_for_phase2, o.selected_for_phase2_source_updated_at,
  t.rollout_path, t.cwd, t.git_branch`;

export interface Stage1OutputRow {
  thread_id: string;
  source_updated_at: number;
  raw_memory: string;
  rollout_summary: string;
  rollout_slug: string | null;
  generated_at: number;
  usage_count: number | null;
  last_usage: number | null;
  selected_for_phase2: number;
  selected_for_phase2_source_updated_at: number | null;
  rollout_path: string;
  cwd: string;
  git_branch: string | null;
}

export function toStage1Output(r: Stage1OutputRow): Stage1Output {
  return {
    threadId: r.thread_id,
    sourceUpdatedAt: r.source_updated_at,
    rawMemory: r.raw_memory,
    rolloutSummary: r.rollout_summary,
    rolloutSlug: r.rollout_slug,
    generatedAt: r.generated_at,
    usageCount: r.usage_count ?? 0,
    lastUsage: r.last_usage,
    selectedForPhase2: r.selected_for_phase2 !== 0,
    selectedForPhase2SourceUpdatedAt: r.selected_for_phase2_source_updated_at,
    rolloutPath: r.rollout_path,
    cwd: r.cwd,
    gitBranch: r.git_branch,
  };
}

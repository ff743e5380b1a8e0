/**
 * Names inside the memory folder (codex-memories-spec §1.4, §3.5, §3.7) and the layout the
 * consolidation agent may leave behind. The read path imports these names; keep them stable.
 */

export const MEMORY_SUMMARY_FILENAME = "memory_summary.md";
export const MEMORY_HANDBOOK_FILENAME = "MEMORY.md";
export const RAW_MEMORIES_FILENAME = "raw_memories.md";
export const ROLLOUT_SUMMARIES_DIRNAME = "rollout_summaries";
export const SKILLS_DIRNAME = "skills";
export const EXTENSIONS_DIRNAME = "extensions";
export const AD_HOC_EXTENSION_DIRNAME = "extensions/ad_hoc";
export const AD_HOC_NOTES_DIRNAME = "extensions/ad_hoc/notes";
/** Every extension is recognised by this file (spec §3.7). */
export const EXTENSION_INSTRUCTIONS_FILENAME = "instructions.md";
export const EXTENSION_RESOURCES_DIRNAME = "resources";
export const WORKSPACE_DIFF_FILENAME = "phase2_workspace_diff.md";
/** engram's own: keeps the transient diff file out of history. */
export const GITIGNORE_FILENAME = ".gitignore";
export const GIT_DIRNAME = ".git";

/** The rendered diff is cut here (spec §3.5) so one huge change cannot swamp the agent's context. */
export const WORKSPACE_DIFF_MAX_BYTES = 4 * 1024 * 1024;
/** Timestamped extension resources older than this are pruned (spec §3.7): they describe the recent past. */
export const EXTENSION_RESOURCE_RETENTION_DAYS = 7;

/** Where a path in the memory folder sits relative to the layout. */
export type LayoutClass =
  | "memory" // memory_summary.md, MEMORY.md, skills/**: the agent's output
  | "input" // raw_memories.md, rollout_summaries/*.md, extensions/**: generated or host-owned inputs
  | "engram" // phase2_workspace_diff.md, .gitignore: engram's own bookkeeping
  | "outside"; // anything else: "outside the allowed layout"

/** Splits a relative, `/`-separated path into non-empty segments. */
function segmentsOf(relPath: string): string[] {
  return relPath.split("/").filter((s) => s.length > 0 && s !== ".");
}

/**
 * Classifies a file path relative to the memory root (`/` separators). Validation after a run treats
 * every "outside" path the agent created as a layout violation.
 */
export function classifyLayoutPath(relPath: string): LayoutClass {
  const parts = segmentsOf(relPath);
  const [top, ...rest] = parts;
  if (top === undefined) return "outside";
  if (rest.length === 0) {
    if (top === MEMORY_SUMMARY_FILENAME || top === MEMORY_HANDBOOK_FILENAME) return "memory";
    if (top === RAW_MEMORIES_FILENAME) return "input";
    if (top === WORKSPACE_DIFF_FILENAME || top === GITIGNORE_FILENAME) return "engram";
    return "outside";
  }
  if (top === SKILLS_DIRNAME) return rest.length >= 2 ? "memory" : "outside"; // skills/<name>/<file>
  if (top === ROLLOUT_SUMMARIES_DIRNAME) return rest.length === 1 && rest[0]!.endsWith(".md") ? "input" : "outside";
  if (top === EXTENSIONS_DIRNAME) return "input";
  return "outside";
}

/** True if the path fits the allowed layout (any class but "outside"). */
export function isAllowedLayoutPath(relPath: string): boolean {
  return classifyLayoutPath(relPath) !== "outside";
}

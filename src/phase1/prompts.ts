/**
 * Stage-1 prompt templates (Markdown files in ./prompts/) and their rendering.
 *
 * Loading, placeholder checks and one-pass rendering are `util/templates.ts` (shared with phase 2):
 * a template missing one of its placeholders fails at module load, loudly, and a transcript that
 * itself contains `{{ … }}` is inserted as is and never expanded.
 */
import { countTokens } from "../model/tokens.js";
import { loadTemplates, renderTemplate } from "../util/templates.js";

export { renderTemplate, templateProblems } from "../util/templates.js";

/** File name → the placeholders it must contain (and the only ones it may contain). */
const TEMPLATES = loadTemplates(import.meta.url, "phase-1", {
  "stage1_system.md": [],
  "stage1_input.md": ["rollout_path", "rollout_cwd", "git_branch", "part_label", "transcript"],
  "stage1_merge_system.md": [],
  "stage1_merge_input.md": ["rollout_path", "rollout_cwd", "git_branch", "part_count", "partial_results"],
});

/** engram's stage-1 system prompt (instructions + output contract). */
export const STAGE1_SYSTEM_PROMPT: string = TEMPLATES["stage1_system.md"];
/** System prompt for merging the partial results of a chunked rollout. */
export const STAGE1_MERGE_SYSTEM_PROMPT: string = TEMPLATES["stage1_merge_system.md"];

export interface SessionContext {
  rolloutPath: string;
  cwd: string;
  /** null/empty when unknown or not a git repo. */
  gitBranch: string | null;
}

const orUnknown = (s: string | null | undefined) => (s && s.trim() ? s : "(unknown)");

/** The user message for one chunk. `part` is omitted (or 1 of 1) for a rollout that fits in one go. */
export function renderStage1Input(
  session: SessionContext,
  transcript: string,
  part: { index: number; total: number } = { index: 1, total: 1 },
): string {
  const partLabel =
    part.total > 1
      ? `part ${part.index} of ${part.total} (describe only this part; the parts are merged afterwards)`
      : "complete (1 of 1)";
  return renderTemplate(TEMPLATES["stage1_input.md"], {
    rollout_path: session.rolloutPath,
    rollout_cwd: orUnknown(session.cwd),
    git_branch: orUnknown(session.gitBranch),
    part_label: partLabel,
    transcript,
  });
}

/** The user message for the merge request: the raw JSON of each part's result, in order. */
export function renderStage1MergeInput(session: SessionContext, partialResults: readonly string[]): string {
  const blocks = partialResults.map((r, i) => `--- part ${i + 1} of ${partialResults.length} ---\n${r.trim()}`);
  return renderTemplate(TEMPLATES["stage1_merge_input.md"], {
    rollout_path: session.rolloutPath,
    rollout_cwd: orUnknown(session.cwd),
    git_branch: orUnknown(session.gitBranch),
    part_count: String(partialResults.length),
    partial_results: blocks.join("\n\n"),
  });
}

/** Tokens the stage-1 prompt costs around an empty transcript (system prompt + input framing). */
export function measuredPromptOverheadTokens(session: SessionContext): number {
  return countTokens(STAGE1_SYSTEM_PROMPT) + countTokens(renderStage1Input(session, "", { index: 1, total: 2 }));
}

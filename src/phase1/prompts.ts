/**
 * Stage-1 prompt templates (Markdown files in ./prompts/) and their rendering.
 *
 * Templates are read once at module load, relative to this module, so they are found both from src/
 * (tsx) and from dist/ (the build copies src/**\/prompts/*.md next to the compiled files; see
 * scripts/copy-assets.mjs). A template missing one of its placeholders fails at load, loudly.
 * Placeholders are `{{ name }}`; rendering is one pass, so a transcript that itself contains
 * `{{ … }}` is inserted as is and never expanded.
 */
import { readFileSync } from "node:fs";
import { countTokens } from "../model/tokens.js";

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

/** File name → the placeholders it must contain (and the only ones it may contain). */
const TEMPLATE_PLACEHOLDERS = {
  "stage1_system.md": [],
  "stage1_input.md": ["rollout_path", "rollout_cwd", "git_branch", "part_label", "transcript"],
  "stage1_merge_system.md": [],
  "stage1_merge_input.md": ["rollout_path", "rollout_cwd", "git_branch", "part_count", "partial_results"],
} as const;

type TemplateName = keyof typeof TEMPLATE_PLACEHOLDERS;

/** Checks that `template` uses exactly `required` placeholders; returns the problems found. */
export function templateProblems(template: string, required: readonly string[]): string[] {
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const problems = required.filter((r) => !used.has(r)).map((r) => `missing placeholder {{ ${r} }}`);
  for (const u of used) if (!required.includes(u)) problems.push(`unknown placeholder {{ ${u} }}`);
  return problems;
}

function loadTemplate(name: TemplateName): string {
  const url = new URL(`./prompts/${name}`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, "utf8");
  } catch (err) {
    throw new Error(`phase-1 prompt template ${url.pathname} cannot be read (was the build's copy-assets step run?)`, {
      cause: err,
    });
  }
  const problems = templateProblems(text, TEMPLATE_PLACEHOLDERS[name]);
  if (problems.length > 0) throw new Error(`phase-1 prompt template ${url.pathname}: ${problems.join("; ")}`);
  return text;
}

const TEMPLATES = Object.fromEntries(
  (Object.keys(TEMPLATE_PLACEHOLDERS) as TemplateName[]).map((n) => [n, loadTemplate(n)]),
) as Record<TemplateName, string>;

/** Fills `{{ name }}` placeholders in one pass; a placeholder without a value is an error. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{ ${name} }} has no value`);
    return value;
  });
}

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

/**
 * Consolidation prompt templates (`./prompts/*.md`) and their rendering, pure apart from the one
 * read at module load. Templates sit next to this module in src/ and dist/ (scripts/copy-assets.mjs
 * copies every `prompts/` folder). A template whose placeholders differ from the expected set fails
 * at load, loudly. Rendering is one pass: values that contain `{{ … }}` are inserted as is.
 */
import { readFileSync } from "node:fs";
import { WORDS_PER_TOKEN } from "./constants.js";

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

const TEMPLATE_PLACEHOLDERS = {
  "consolidation_system.md": ["summary_token_limit", "summary_word_limit"],
  "consolidation_input.md": ["mode", "selected_count", "change_count", "extensions_block"],
} as const;

type TemplateName = keyof typeof TEMPLATE_PLACEHOLDERS;

function loadTemplate(name: TemplateName): string {
  const url = new URL(`./prompts/${name}`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, "utf8");
  } catch (err) {
    throw new Error(`phase-2 prompt template ${url.pathname} cannot be read (was the build's copy-assets step run?)`, { cause: err });
  }
  const required: readonly string[] = TEMPLATE_PLACEHOLDERS[name];
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const problems = [
    ...required.filter((r) => !used.has(r)).map((r) => `missing placeholder {{ ${r} }}`),
    ...[...used].filter((u) => !required.includes(u)).map((u) => `unknown placeholder {{ ${u} }}`),
  ];
  if (problems.length > 0) throw new Error(`phase-2 prompt template ${url.pathname}: ${problems.join("; ")}`);
  return text;
}

const SYSTEM_TEMPLATE = loadTemplate("consolidation_system.md");
const INPUT_TEMPLATE = loadTemplate("consolidation_input.md");

function render(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{ ${name} }} has no value`);
    return value;
  });
}

export type ConsolidationMode = "first run" | "update";

export function renderConsolidationSystemPrompt(summaryTokenLimit: number): string {
  return render(SYSTEM_TEMPLATE, {
    summary_token_limit: String(summaryTokenLimit),
    summary_word_limit: String(Math.floor(summaryTokenLimit * WORDS_PER_TOKEN)),
  });
}

export interface ConsolidationInputFacts {
  mode: ConsolidationMode;
  selectedCount: number;
  changeCount: number;
  /** Extension folder names that have an `instructions.md`. */
  extensions: readonly string[];
  /** Extension resources pruned this run (relative paths). */
  prunedResources: readonly string[];
}

/** The extension lines of the first user message; empty when there is nothing to say. */
export function renderExtensionsBlock(extensions: readonly string[], pruned: readonly string[]): string {
  const lines: string[] = [];
  if (extensions.length > 0) {
    lines.push(`- extensions with instructions: ${extensions.map((e) => `\`extensions/${e}/\``).join(", ")} (read each one's instructions.md before its resources)`);
  }
  if (pruned.length > 0) {
    lines.push(`- extension resources removed as too old this run (their facts may now be unsupported): ${pruned.map((p) => `\`${p}\``).join(", ")}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export function renderConsolidationInput(facts: ConsolidationInputFacts): string {
  return render(INPUT_TEMPLATE, {
    mode: facts.mode === "first run" ? "FIRST RUN (build MEMORY.md and memory_summary.md from scratch)" : "UPDATE (work from the diff)",
    selected_count: String(facts.selectedCount),
    change_count: String(facts.changeCount),
    extensions_block: renderExtensionsBlock(facts.extensions, facts.prunedResources),
  });
}

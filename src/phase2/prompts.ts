/**
 * Consolidation prompt templates (`./prompts/*.md`) and their rendering, pure apart from the one
 * read at module load (`util/templates.ts`: placeholder checks fail loudly at load; rendering is one
 * pass, so values that contain `{{ … }}` are inserted as is).
 */
import { loadTemplates, renderTemplate as render } from "../util/templates.js";
import { WORDS_PER_TOKEN } from "./constants.js";

/** File name → the placeholders it must contain (and the only ones it may contain). */
const TEMPLATES = loadTemplates(import.meta.url, "phase-2", {
  "consolidation_system.md": ["summary_token_limit", "summary_word_limit"],
  "consolidation_input.md": ["mode", "selected_count", "change_count", "extensions_block"],
});
const SYSTEM_TEMPLATE = TEMPLATES["consolidation_system.md"];
const INPUT_TEMPLATE = TEMPLATES["consolidation_input.md"];

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

/**
 * Phase-1 rendering benchmark: engram's compact transcript vs the Codex 0.169-style JSON rendering
 * on synthetic 0.169-shaped rollouts, plus a fact-retention check (every user message, command with
 * its exit code, and error line must survive in engram's rendering — after redaction and chunking).
 *
 *   node --import tsx bench/phase1-render.ts [--rollouts N] [--turns N] [--seed N] [--budget TOKENS]
 *
 * `measureRenderRatio()` is the library entry the full `bench:phase1` calls.
 */
import { countTokens } from "../src/model/tokens.js";
import { renderCodexStyle } from "../src/phase1/codexStyle.js";
import { renderTranscriptText } from "../src/phase1/render.js";
import { renderForExtraction } from "../src/phase1/renderForExtraction.js";
import { inputBudgetTokens } from "../src/phase1/budget.js";
import { syntheticRollout, type RolloutFacts } from "./synthetic-rollout.js";

export interface RenderRatioOptions {
  rollouts?: number;
  turns?: number;
  seed?: number;
  /** Transcript budget used for the chunked retention check; default: unknown context window. */
  budgetTokens?: number;
}

export interface RenderRatioResult {
  rollouts: number;
  engramTokens: number;
  codexStyleTokens: number;
  /** engramTokens / codexStyleTokens (target ≤ 0.4). */
  ratio: number;
  facts: number;
  factsRetained: number;
  /** Facts missing from engram's rendering (empty when retention is 100 %). */
  missing: string[];
  /** Total chunks over all rollouts at `budgetTokens`. */
  chunks: number;
  budgetTokens: number;
  renderMsPerRollout: number;
}

/** Strings that must appear in the rendering for each fact. */
function factStrings(facts: RolloutFacts): string[] {
  return [
    ...facts.userMessages.map((m) => `[user] ${m}`),
    ...facts.commands.map((c) => `$ ${c.cmd}\nexit ${c.exitCode}`),
    ...facts.errorLines,
  ];
}

export function measureRenderRatio(opts: RenderRatioOptions = {}): RenderRatioResult {
  const rollouts = opts.rollouts ?? 20;
  const turns = opts.turns ?? 4;
  const seed = opts.seed ?? 1;
  const budget = opts.budgetTokens ?? inputBudgetTokens(undefined);
  let engramTokens = 0;
  let codexStyleTokens = 0;
  let facts = 0;
  let chunks = 0;
  let renderMs = 0;
  const missing: string[] = [];

  for (let r = 0; r < rollouts; r++) {
    const rollout = syntheticRollout(seed + r, turns);
    const started = performance.now();
    const text = renderTranscriptText(rollout.lines);
    renderMs += performance.now() - started;
    engramTokens += countTokens(text);
    codexStyleTokens += countTokens(renderCodexStyle(rollout.lines));

    const parts = renderForExtraction(rollout.lines, budget);
    chunks += parts.length;
    for (const fact of factStrings(rollout.facts)) {
      facts++;
      // Present in the rendering, and chunking neither loses nor duplicates any occurrence of it.
      const inText = occurrences(text, fact);
      const inChunks = parts.reduce((n, p) => n + occurrences(p.text, fact), 0);
      if (inText === 0 || inChunks !== inText) missing.push(fact);
    }
  }
  return {
    rollouts,
    engramTokens,
    codexStyleTokens,
    ratio: codexStyleTokens === 0 ? 0 : engramTokens / codexStyleTokens,
    facts,
    factsRetained: facts - missing.length,
    missing,
    chunks,
    budgetTokens: budget,
    renderMsPerRollout: renderMs / Math.max(1, rollouts),
  };
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = measureRenderRatio({
    rollouts: argValue("--rollouts"),
    turns: argValue("--turns"),
    seed: argValue("--seed"),
    budgetTokens: argValue("--budget"),
  });
  const pct = (100 * result.factsRetained) / Math.max(1, result.facts);
  process.stdout.write(
    [
      `phase-1 render: ${result.rollouts} synthetic Codex 0.169 rollouts`,
      `tokens: engram ${result.engramTokens} / Codex-style JSON ${result.codexStyleTokens} = ratio ${result.ratio.toFixed(3)} (target ≤ 0.4)`,
      `retention ${pct === 100 ? "100" : pct.toFixed(1)}% (${result.factsRetained}/${result.facts} facts)`,
      `chunks at a ${result.budgetTokens}-token budget: ${result.chunks}; render ${result.renderMsPerRollout.toFixed(1)} ms/rollout`,
      ...result.missing.slice(0, 10).map((m) => `  missing: ${JSON.stringify(m)}`),
    ].join("\n") + "\n",
  );
  if (result.ratio > 0.4 || result.missing.length > 0) process.exitCode = 1;
}

/**
 * `engram extract --dry-run`: what a run would extract, with estimated tokens and cost, without
 * claiming anything or calling a model (so it needs no API key).
 *
 * Steps: 1. list candidates with the runner's own eligibility (listStage1Candidates); 2. per thread,
 * read and render the rollout and chunk it exactly as the runner would; input tokens = every chunk's
 * system prompt + input message, plus (for >1 chunk) a merge request over ESTIMATED_OUTPUT_TOKENS_PER_REQUEST
 * per part; output tokens = that allowance per request; 3. cost from cost.ts, null when unknown.
 * Threads in retry backoff or running elsewhere are listed too (the claim decides at run time).
 */
import { listStage1Candidates, type ListStage1CandidatesParams } from "../db/jobs/listStage1Candidates.js";
import type { Db } from "../db/open.js";
import { getThreadsByIds } from "../db/threads/getThreadsByIds.js";
import type { EngramConfig } from "../config/schema.js";
import { contextWindowFor } from "../model/models.js";
import { countTokens } from "../model/tokens.js";
import { inputBudgetTokens } from "./budget.js";
import { ESTIMATED_OUTPUT_TOKENS_PER_REQUEST } from "./constants.js";
import { estimateCostUsd } from "./cost.js";
import { readRolloutLines, sessionOf } from "./extractOne.js";
import { errorMessage } from "../errors.js";
import { renderStage1Input, STAGE1_MERGE_SYSTEM_PROMPT, STAGE1_SYSTEM_PROMPT } from "./prompts.js";
import { renderForExtraction } from "./renderForExtraction.js";
import { emptySummary, type Phase1DryRunEntry, type Phase1Summary } from "./runTypes.js";

export async function dryRunPhase1(
  db: Db,
  config: EngramConfig,
  listParams: ListStage1CandidatesParams,
  now: number,
  threadIds: readonly string[] | undefined,
): Promise<Phase1Summary> {
  const model = config.memories.extract_model;
  const budget = inputBudgetTokens(contextWindowFor(model, config));
  const candidates = listStage1Candidates(db, { ...listParams, now });
  const titles = new Map(getThreadsByIds(db, candidates.map((c) => c.id)).map((t) => [t.id, t.title]));
  const systemTokens = countTokens(STAGE1_SYSTEM_PROMPT);
  const mergeSystemTokens = countTokens(STAGE1_MERGE_SYSTEM_PROMPT);
  const entries: Phase1DryRunEntry[] = [];
  for (const thread of candidates) {
    const base = { threadId: thread.id, title: (titles.get(thread.id) ?? "").split("\n")[0] ?? "", cwd: thread.cwd };
    try {
      const { lines } = await readRolloutLines(thread.rolloutPath);
      const chunks = renderForExtraction(lines, budget);
      const session = sessionOf(thread);
      let input = chunks.reduce((n, c) => n + systemTokens + countTokens(renderStage1Input(session, c.text, c)), 0);
      let requests = chunks.length;
      if (chunks.length > 1) {
        input += mergeSystemTokens + chunks.length * ESTIMATED_OUTPUT_TOKENS_PER_REQUEST;
        requests += 1;
      }
      const output = requests * ESTIMATED_OUTPUT_TOKENS_PER_REQUEST;
      entries.push({ ...base, chunks: chunks.length, estimatedInputTokens: input, estimatedOutputTokens: output, estimatedCostUsd: estimateCostUsd(model, input, output) });
    } catch (error) {
      entries.push({ ...base, chunks: 0, estimatedInputTokens: null, estimatedOutputTokens: null, estimatedCostUsd: null, error: errorMessage(error) });
    }
  }
  const summary = emptySummary();
  summary.model = model;
  if (threadIds) {
    const listed = new Set(candidates.map((c) => c.id));
    for (const id of threadIds) if (!listed.has(id)) summary.skippedThreads.push({ threadId: id, reason: "not_eligible" });
  }
  const inputTokens = entries.reduce((n, e) => n + (e.estimatedInputTokens ?? 0), 0);
  const outputTokens = entries.reduce((n, e) => n + (e.estimatedOutputTokens ?? 0), 0);
  summary.dryRun = entries;
  summary.dryRunTotal = {
    model,
    threads: entries.length,
    estimatedInputTokens: inputTokens,
    estimatedOutputTokens: outputTokens,
    estimatedCostUsd: estimateCostUsd(model, inputTokens, outputTokens),
  };
  return summary;
}

/**
 * The stage-1 input pipeline in one call (pure): render the rollout compactly, redact secrets in every
 * rendered item, then chunk to the budget. The phase-1 job runner calls this and sends one model
 * request per chunk (plus a merge request when there is more than one).
 */
import type { RolloutLine } from "../rollout/types.js";
import { redactSecrets } from "../redact/redact.js";
import { countTokens } from "../model/tokens.js";
import { chunkTranscript, type Chunk } from "./budget.js";
import { renderTranscript, type RenderedItem } from "./render.js";

export function redactItems(items: readonly RenderedItem[]): RenderedItem[] {
  return items.map((item) => {
    const text = redactSecrets(item.text);
    return text === item.text ? item : { kind: item.kind, text, tokens: countTokens(text) };
  });
}

/** Rendered, redacted chunks of `lines`, each within `budgetTokens` (see budget.inputBudgetTokens). */
export function renderForExtraction(lines: readonly RolloutLine[], budgetTokens: number): Chunk[] {
  // An item never keeps more than the whole budget, so its text is cut to that bound before tokenising.
  return chunkTranscript(redactItems(renderTranscript(lines, budgetTokens)), budgetTokens);
}

/**
 * Token budget for the rendered transcript and chunking of a transcript that does not fit (pure).
 *
 * Codex middle-truncates an oversized rollout and loses whatever was in the middle. engram instead
 * splits it at item boundaries into chunks that each fit, extracts each chunk, then merges the partial
 * results (prompts/stage1_merge_*.md). Nothing is dropped: only a single item larger than the whole
 * budget is middle-truncated.
 */
import { countTokens, truncateMiddle } from "../model/tokens.js";
import {
  CONTEXT_WINDOW_PERCENT,
  DEFAULT_ROLLOUT_TOKEN_LIMIT,
  MIN_INPUT_BUDGET_TOKENS,
  PROMPT_OVERHEAD_TOKENS,
} from "./constants.js";
import { ITEM_SEPARATOR, joinItems, type RenderedItem } from "./render.js";

export interface Chunk {
  /** 1-based. */
  index: number;
  total: number;
  /** "part i of n". */
  label: string;
  items: RenderedItem[];
  text: string;
  tokens: number;
}

/** Transcript budget: 70 % of the context window (150,000 when unknown) minus the prompt overhead. */
export function inputBudgetTokens(contextWindowTokens: number | undefined, overheadTokens = PROMPT_OVERHEAD_TOKENS): number {
  const base =
    contextWindowTokens !== undefined && contextWindowTokens > 0
      ? Math.floor((contextWindowTokens * CONTEXT_WINDOW_PERCENT) / 100)
      : DEFAULT_ROLLOUT_TOKEN_LIMIT;
  return Math.max(MIN_INPUT_BUDGET_TOKENS, base - overheadTokens);
}

const SEPARATOR_TOKENS = countTokens(ITEM_SEPARATOR);

/** Splits `items` into chunks of at most `budgetTokens` each, at item boundaries. A user message stays
 *  with the item after it (the tool call or answer it caused) whenever that pair fits in one chunk. */
export function chunkTranscript(items: readonly RenderedItem[], budgetTokens: number): Chunk[] {
  const budget = Math.max(1, Math.floor(budgetTokens));
  const groups = groupUserWithNext(items);
  const packed: RenderedItem[][] = [];
  let current: RenderedItem[] = [];
  let used = 0;
  const cost = (i: RenderedItem, into: RenderedItem[]) => i.tokens + (into.length > 0 ? SEPARATOR_TOKENS : 0);
  const flush = () => {
    if (current.length > 0) packed.push(current);
    current = [];
    used = 0;
  };

  for (const group of groups) {
    const groupCost = group.reduce((n, i, k) => n + i.tokens + (k > 0 ? SEPARATOR_TOKENS : 0), 0);
    if (current.length > 0 && used + SEPARATOR_TOKENS + groupCost > budget) flush();
    for (const item of group) {
      const fitted = item.tokens > budget ? fitItem(item, budget) : item;
      if (current.length > 0 && used + cost(fitted, current) > budget) flush();
      used += cost(fitted, current);
      current.push(fitted);
    }
  }
  flush();
  if (packed.length === 0) packed.push([]);

  return packed.map((chunkItems, k) => {
    const text = joinItems(chunkItems);
    return {
      index: k + 1,
      total: packed.length,
      label: `part ${k + 1} of ${packed.length}`,
      items: chunkItems,
      text,
      tokens: countTokens(text),
    };
  });
}

function groupUserWithNext(items: readonly RenderedItem[]): RenderedItem[][] {
  const groups: RenderedItem[][] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = items[i + 1];
    if (item.kind === "user" && next && next.kind !== "user") {
      groups.push([item, next]);
      i++;
    } else {
      groups.push([item]);
    }
  }
  return groups;
}

/** Middle-truncates one oversized item so that it fits alone in a chunk. */
function fitItem(item: RenderedItem, budget: number): RenderedItem {
  let limit = budget;
  for (;;) {
    const text = truncateMiddle(item.text, limit);
    const tokens = countTokens(text);
    if (tokens <= budget || limit <= 1) return { kind: item.kind, text, tokens };
    limit = Math.max(1, limit - (tokens - budget) - 1);
  }
}

/**
 * Dry-run cost estimates (pure). A small table of list prices per million tokens for models whose
 * price engram knows; any other model (including local ones and models newer than this table) gets
 * `null` — shown as "unknown", never a guess. gpt-tokenizer ships price metadata, but its entries
 * for several aliases (gpt-5, gpt-4.1) carry other models' prices, so engram keeps its own table.
 *
 * Prices are OpenAI's published standard-tier list prices (USD per 1M tokens); cached-input
 * discounts are ignored, so estimates err high. gpt-5.4 ($2.50 / $15) and gpt-5.4-mini ($0.75 /
 * $4.50), engram's default models, are the rates of OpenAI's pricing page as quoted (2026) by several
 * independent write-ups that agree (verdent.ai, kissapi.ai, wavespeed.ai, getmaxim.ai); OpenAI
 * charges more above ~272k input tokens, which phase 1 never sends (its budget is 70 % of the window).
 */

export interface ModelPrice {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
}

export const MODEL_PRICES_USD: Record<string, ModelPrice> = {
  "gpt-5.4": { inputPerMillionUsd: 2.5, outputPerMillionUsd: 15 },
  "gpt-5.4-mini": { inputPerMillionUsd: 0.75, outputPerMillionUsd: 4.5 },
  "gpt-5": { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  "gpt-5-codex": { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  "gpt-5-mini": { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
  "gpt-5-nano": { inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.4 },
  "gpt-4.1": { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  "gpt-4.1-mini": { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
  "gpt-4.1-nano": { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 },
  "gpt-4o": { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  "gpt-4o-mini": { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  o3: { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  "o4-mini": { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4 },
};

/** Exact name, else a dated snapshot of a known name (`gpt-4o-mini-2024-07-18`). */
export function priceFor(model: string): ModelPrice | undefined {
  const exact = MODEL_PRICES_USD[model];
  if (exact) return exact;
  const base = Object.keys(MODEL_PRICES_USD)
    .filter((name) => /^-\d{4}-\d{2}-\d{2}$/.test(model.slice(name.length)) && model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return base === undefined ? undefined : MODEL_PRICES_USD[base];
}

/** Estimated USD for these token counts, or null when the model's price is unknown. */
export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const price = priceFor(model);
  if (!price) return null;
  return (inputTokens * price.inputPerMillionUsd + outputTokens * price.outputPerMillionUsd) / 1_000_000;
}

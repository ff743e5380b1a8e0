/**
 * Context windows (tokens) of models engram knows. Overridden by `[models.<name>] context_window`.
 * Unknown models → undefined (phase 1 then assumes 150k tokens).
 * Ollama serves a model with its own `num_ctx` (often 4k–8k by default), which may be far below the
 * model's native window listed here: set `[models."llama3.1:8b"] context_window` to your num_ctx.
 */
import type { EngramConfig } from "../config/schema.js";

export const MODEL_CONTEXT_WINDOWS: Record<string, number> = {
  // GPT-5 family: the input window Codex's bundled model catalog uses for these models.
  "gpt-5": 272_000,
  "gpt-5-mini": 272_000,
  "gpt-5-codex": 272_000,
  "gpt-5.1": 272_000,
  "gpt-5.1-codex": 272_000,
  "gpt-5.1-codex-mini": 272_000,
  "gpt-5.2": 272_000,
  "gpt-5.3-codex": 272_000,
  "gpt-5.4": 272_000,
  "gpt-5.4-mini": 272_000,
  "gpt-5.5": 272_000,
  "gpt-4.1": 1_047_576,
  "gpt-4.1-mini": 1_047_576,
  "gpt-4.1-nano": 1_047_576,
  "gpt-4o": 128_000,
  "gpt-4o-mini": 128_000,
  o3: 200_000,
  "o3-mini": 200_000,
  "o4-mini": 200_000,
  // Ollama models: native windows (see the num_ctx note above).
  "llama3.1": 131_072,
  "llama3.2": 131_072,
  "llama3.3": 131_072,
  "qwen2.5": 32_768,
  "qwen2.5-coder": 32_768,
  qwen3: 40_960,
  "qwen3-coder": 262_144,
  mistral: 32_768,
  gemma3: 131_072,
  "deepseek-r1": 131_072,
  "gpt-oss": 131_072,
};

/**
 * Exact name, then the name without an Ollama `:tag`, then the longest known prefix followed by `-`
 * (dated snapshots such as `gpt-4o-2024-08-06`).
 */
export function knownContextWindow(model: string): number | undefined {
  const exact = MODEL_CONTEXT_WINDOWS[model];
  if (exact !== undefined) return exact;
  const untagged = model.split(":")[0]!;
  if (MODEL_CONTEXT_WINDOWS[untagged] !== undefined) return MODEL_CONTEXT_WINDOWS[untagged];
  const prefix = Object.keys(MODEL_CONTEXT_WINDOWS)
    .filter((name) => untagged.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : MODEL_CONTEXT_WINDOWS[prefix];
}

export function contextWindowFor(model: string, config: Pick<EngramConfig, "models">): number | undefined {
  return config.models[model]?.context_window ?? knownContextWindow(model);
}

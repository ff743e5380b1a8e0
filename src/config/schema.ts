/**
 * The keys engram accepts in config.toml, their types, defaults and clamps.
 * The config object mirrors config.toml key names (snake_case) so a key path in an error message,
 * in `engram config show` and in the docs is the same string.
 */

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ["none", "minimal", "low", "medium", "high", "xhigh"];
export type WireApi = "responses" | "chat";
export const WIRE_APIS: readonly WireApi[] = ["responses", "chat"];

/** How one scalar key is checked. `clamp` silently pulls a value into range (as Codex does). */
export type KeySpec =
  | { type: "int"; min?: number; max?: number; clamp?: boolean }
  | { type: "bool" }
  | { type: "string" }
  | { type: "string?" }
  | { type: "enum"; values: readonly string[] }
  | { type: "string[]" }
  | { type: "table<string>" };

export interface MemoriesConfig {
  generate_memories: boolean;
  use_memories: boolean;
  min_rollout_idle_hours: number;
  max_rollout_age_days: number;
  max_running_stage1_jobs: number;
  extraction_concurrency: number;
  lease_seconds: number;
  retry_delay_seconds: number;
  max_retries: number;
  max_raw_memories_for_consolidation: number;
  max_unused_days: number;
  allowed_sources: string[];
  extract_model: string;
  consolidation_model: string;
  extract_provider: string;
  consolidation_provider: string;
  extract_reasoning_effort: ReasoningEffort;
  consolidation_reasoning_effort: ReasoningEffort;
  memory_root: string;
  phase2_cooldown_seconds: number;
  heartbeat_seconds: number;
  summary_token_limit: number;
}

/** `[memories]` keys. Defaults that depend on other values (memory_root, *_provider) are filled in by load.ts. */
export const MEMORIES_KEYS: Record<keyof MemoriesConfig, KeySpec> = {
  generate_memories: { type: "bool" },
  use_memories: { type: "bool" },
  min_rollout_idle_hours: { type: "int", min: 1, max: 48, clamp: true },
  max_rollout_age_days: { type: "int", min: 0, max: 90, clamp: true },
  max_running_stage1_jobs: { type: "int", min: 1, max: 128, clamp: true },
  extraction_concurrency: { type: "int", min: 1, max: 64, clamp: true },
  lease_seconds: { type: "int", min: 60, max: 86_400 },
  retry_delay_seconds: { type: "int", min: 0, max: 604_800 },
  max_retries: { type: "int", min: 0, max: 100 },
  max_raw_memories_for_consolidation: { type: "int", min: 1, max: 4096, clamp: true },
  max_unused_days: { type: "int", min: 0, max: 365, clamp: true },
  allowed_sources: { type: "string[]" },
  extract_model: { type: "string" },
  consolidation_model: { type: "string" },
  extract_provider: { type: "string" },
  consolidation_provider: { type: "string" },
  extract_reasoning_effort: { type: "enum", values: REASONING_EFFORTS },
  consolidation_reasoning_effort: { type: "enum", values: REASONING_EFFORTS },
  memory_root: { type: "string" },
  phase2_cooldown_seconds: { type: "int", min: 0, max: 604_800 },
  heartbeat_seconds: { type: "int", min: 1, max: 86_400 },
  summary_token_limit: { type: "int", min: 100, max: 100_000 },
};

/** Fixed defaults (see docs/configuration.md for why each value). */
export const MEMORIES_DEFAULTS: Omit<MemoriesConfig, "memory_root" | "extract_provider" | "consolidation_provider"> = {
  generate_memories: true,
  use_memories: true,
  min_rollout_idle_hours: 12,
  max_rollout_age_days: 30,
  max_running_stage1_jobs: 64,
  extraction_concurrency: 8,
  lease_seconds: 3600,
  retry_delay_seconds: 3600,
  max_retries: 3,
  max_raw_memories_for_consolidation: 256,
  max_unused_days: 30,
  allowed_sources: ["cli", "vscode"],
  extract_model: "gpt-5.4-mini",
  consolidation_model: "gpt-5.4",
  extract_reasoning_effort: "low",
  consolidation_reasoning_effort: "medium",
  phase2_cooldown_seconds: 21_600,
  heartbeat_seconds: 90,
  summary_token_limit: 2500,
};

export interface ProviderConfig {
  id: string;
  name: string;
  base_url: string;
  wire_api: WireApi;
  /** Environment variable holding the API key; undefined = no key (e.g. Ollama). */
  env_key: string | undefined;
  http_headers: Record<string, string>;
  /** header name → environment variable name whose value is sent. */
  env_http_headers: Record<string, string>;
  query_params: Record<string, string>;
  request_max_retries: number;
  stream_max_retries: number;
  stream_idle_timeout_ms: number;
}

type ProviderKey = Exclude<keyof ProviderConfig, "id">;

export const PROVIDER_KEYS: Record<ProviderKey, KeySpec> & { requires_openai_auth: KeySpec } = {
  name: { type: "string" },
  base_url: { type: "string" },
  wire_api: { type: "enum", values: WIRE_APIS },
  env_key: { type: "string?" },
  http_headers: { type: "table<string>" },
  env_http_headers: { type: "table<string>" },
  query_params: { type: "table<string>" },
  // Codex caps both retry counts at 100.
  request_max_retries: { type: "int", min: 0, max: 100, clamp: true },
  stream_max_retries: { type: "int", min: 0, max: 100, clamp: true },
  stream_idle_timeout_ms: { type: "int", min: 1, max: 3_600_000 },
  // Accepted so a provider block copied from Codex's config.toml loads; engram ignores it.
  requires_openai_auth: { type: "bool" },
};

/** Codex's defaults: 4 request retries, 5 stream retries, 5 min idle. */
export const PROVIDER_DEFAULTS = {
  http_headers: {},
  env_http_headers: {},
  query_params: {},
  request_max_retries: 4,
  stream_max_retries: 5,
  stream_idle_timeout_ms: 300_000,
} as const;

export const BUILTIN_PROVIDERS: Record<string, Omit<ProviderConfig, keyof typeof PROVIDER_DEFAULTS>> = {
  openai: { id: "openai", name: "OpenAI", base_url: "https://api.openai.com/v1", wire_api: "responses", env_key: "OPENAI_API_KEY" },
  ollama: { id: "ollama", name: "Ollama", base_url: "http://localhost:11434/v1", wire_api: "chat", env_key: undefined },
};

export const DEFAULT_PROVIDER_ID = "openai";

export const MODEL_KEYS: Record<"context_window", KeySpec> = {
  context_window: { type: "int", min: 1, max: 100_000_000 },
};

export const TOP_LEVEL_KEYS = ["model_provider", "model_providers", "models", "memories"] as const;

export interface EngramConfig {
  home: string;
  /** The config.toml path (whether or not it exists). */
  config_file: string;
  model_provider: string;
  model_providers: Record<string, ProviderConfig>;
  models: Record<string, { context_window?: number }>;
  memories: MemoriesConfig;
}

export type ValueSource = "default" | "config.toml" | "env" | "override";
export interface Provenance {
  source: ValueSource;
  /** e.g. the env var name, or "clamped from 500". */
  detail?: string;
}

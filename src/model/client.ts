/**
 * createModelClient: picks the provider and model for a role (extract / consolidate) from the config,
 * builds an `openai` SDK client with its retries disabled, and wraps one wire protocol in our retry loop.
 */
import OpenAI from "openai";
import type { EngramConfig, ReasoningEffort } from "../config/schema.js";
import { EngramError } from "../errors.js";
import type { Env } from "../paths.js";
import { chatAttempt } from "./chat.js";
import { ModelError } from "./errors.js";
import { contextWindowFor } from "./models.js";
import { responsesAttempt } from "./responses.js";
import { DEFAULT_RETRY_BASE_DELAY_MS, withRetries, type RetryPolicy } from "./retry.js";
import type { CompleteRequest, CompleteResult, ModelClient, TurnRequest, TurnResult, WireRequest } from "./types.js";

export type ModelRole = "extract" | "consolidate";

export interface CreateModelClientOptions {
  role: ModelRole;
  /** Where API keys and env_http_headers are read; default process.env. */
  env?: Env;
  /** First retry delay (doubled per retry); tests use ~10 ms. */
  retryBaseDelayMs?: number;
  /** Stream the reply (default true). Both protocols also work non-streaming. */
  stream?: boolean;
  /** Use this model instead of the role's configured one. */
  model?: string;
}

export function createModelClient(config: EngramConfig, options: CreateModelClientOptions): ModelClient {
  const env = options.env ?? process.env;
  const m = config.memories;
  const providerId = options.role === "extract" ? m.extract_provider : m.consolidation_provider;
  const provider = config.model_providers[providerId];
  if (!provider) {
    throw new EngramError("config_unknown_provider", `${config.config_file}: provider "${providerId}" is not defined`, {
      hint: `add [model_providers.${providerId}] or pick one of: ${Object.keys(config.model_providers).join(", ")}`,
    });
  }
  let apiKey = "unused";
  if (provider.env_key) {
    const key = env[provider.env_key];
    if (!key) {
      throw new EngramError(
        "model_api_key_missing",
        `provider "${providerId}" needs an API key in the environment variable ${provider.env_key}, which is not set`,
        {
          hint:
            `export ${provider.env_key}=<your key>; to read the key from another environment variable, set ` +
            `env_key = "<VARIABLE_NAME>" under [model_providers.${providerId}] in ${config.config_file} ` +
            `(env_key names the variable that holds the key; the key itself never goes in the config file)`,
        },
      );
    }
    apiKey = key;
  }
  const headers: Record<string, string | null> = { ...provider.http_headers };
  for (const [header, variable] of Object.entries(provider.env_http_headers)) {
    const value = env[variable];
    if (value) headers[header] = value;
  }
  if (!provider.env_key && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) headers.Authorization = null;

  const sdk = new OpenAI({
    apiKey,
    baseURL: provider.base_url,
    maxRetries: 0,
    // Our idle timer ends stalled requests; this is only a backstop.
    timeout: provider.stream_idle_timeout_ms * 2,
    defaultHeaders: headers,
    defaultQuery: provider.query_params,
    organization: null,
    project: null,
    logLevel: "off",
  });
  const model = options.model ?? (options.role === "extract" ? m.extract_model : m.consolidation_model);
  const defaultEffort: ReasoningEffort = options.role === "extract" ? m.extract_reasoning_effort : m.consolidation_reasoning_effort;
  const policy: RetryPolicy = {
    requestMaxRetries: provider.request_max_retries,
    streamMaxRetries: provider.stream_max_retries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
  };
  const stream = options.stream ?? true;
  const attempt = provider.wire_api === "chat" ? chatAttempt : responsesAttempt;
  const send = (req: WireRequest, signal: AbortSignal | undefined): Promise<TurnResult> =>
    withRetries(policy, signal, (s) => attempt(sdk, req, { stream, idleMs: provider.stream_idle_timeout_ms, ...(s ? { signal: s } : {}) }));

  return {
    model,
    providerId,
    wireApi: provider.wire_api,
    contextWindow: contextWindowFor(model, config),
    async complete(request: CompleteRequest): Promise<CompleteResult> {
      const items = typeof request.input === "string" ? [{ type: "user" as const, text: request.input }] : request.input;
      const result = await send(
        {
          model, instructions: request.instructions, items, tools: [],
          reasoningEffort: request.reasoningEffort ?? defaultEffort,
          ...(request.outputSchema ? { outputSchema: request.outputSchema } : {}),
          ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
        },
        request.signal,
      );
      if (!result.message) throw new ModelError("invalid_response", "the model returned no text");
      return { text: result.message, usage: result.usage };
    },
    turn(request: TurnRequest): Promise<TurnResult> {
      return send(
        {
          model, instructions: request.instructions, items: request.messages, tools: request.tools,
          reasoningEffort: request.reasoningEffort ?? defaultEffort,
          ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
        },
        request.signal,
      );
    },
  };
}

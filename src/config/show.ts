/** The effective configuration as flat rows (key, value, source) with secrets masked: what `engram config show` prints. */
import type { Env } from "../paths.js";
import type { LoadedConfig } from "./load.js";
import type { Provenance } from "./schema.js";

export interface ConfigRow {
  key: string;
  /** JSON-able value, with secrets already masked. */
  value: unknown;
  source: Provenance["source"];
  detail?: string;
}

/** Shows the first 3 and last 4 characters of a secret, e.g. `sk-…abcd`; short secrets are fully hidden. */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return "****";
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

const SECRET_HEADER_NAME = /auth|key|token|secret|cookie|password|credential/i;
const SECRET_VALUE = /^(bearer|basic)\s|^sk-|^ghp_|^xox[bp]-/i;

export function looksSecret(headerName: string, value: string): boolean {
  return SECRET_HEADER_NAME.test(headerName) || SECRET_VALUE.test(value);
}

export function configRows(loaded: LoadedConfig, env: Env): ConfigRow[] {
  const { config, sources } = loaded;
  const rows: ConfigRow[] = [];
  const push = (key: string, value: unknown) => {
    const p = sources[key] ?? { source: "default" as const };
    rows.push({ key, value, source: p.source, ...(p.detail ? { detail: p.detail } : {}) });
  };
  push("model_provider", config.model_provider);
  for (const [id, provider] of Object.entries(config.model_providers)) {
    const prefix = `model_providers.${id}`;
    push(`${prefix}.name`, provider.name);
    push(`${prefix}.base_url`, provider.base_url);
    push(`${prefix}.wire_api`, provider.wire_api);
    push(`${prefix}.env_key`, provider.env_key ?? null);
    if (provider.env_key) {
      const key = env[provider.env_key];
      rows.push({ key: `${prefix}.api_key`, value: key ? maskSecret(key) : "(not set)", source: "env", detail: provider.env_key });
    }
    const headers = Object.fromEntries(
      Object.entries(provider.http_headers).map(([h, v]) => [h, looksSecret(h, v) ? maskSecret(v) : v]),
    );
    push(`${prefix}.http_headers`, headers);
    push(`${prefix}.env_http_headers`, provider.env_http_headers);
    push(`${prefix}.query_params`, provider.query_params);
    push(`${prefix}.request_max_retries`, provider.request_max_retries);
    push(`${prefix}.stream_max_retries`, provider.stream_max_retries);
    push(`${prefix}.stream_idle_timeout_ms`, provider.stream_idle_timeout_ms);
  }
  for (const [name, model] of Object.entries(config.models)) {
    if (model.context_window !== undefined) push(`models.${name}.context_window`, model.context_window);
  }
  for (const [key, value] of Object.entries(config.memories)) push(`memories.${key}`, value);
  return rows;
}

export function formatValue(value: unknown): string {
  if (value === null) return "(none)";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

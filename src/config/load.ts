/**
 * loadConfig: defaults ← $ENGRAM_HOME/config.toml ← environment ← overrides, with provenance per value.
 *
 * Steps: 1. read and parse config.toml (missing file = empty); 2. reject unknown top-level keys;
 * 3. providers (built-ins, then config tables); 4. [models]; 5. [memories] from every layer;
 * 6. model_provider; 7. derived defaults (memory_root, extract/consolidation provider);
 * 8. cross-checks (provider ids exist, heartbeat shorter than lease).
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { EngramError } from "../errors.js";
import { configPath, expandHome, type Env } from "../paths.js";
import { checkValue, fromEnvText, isTable, originLabel, typeError, unknownKeyError, type Origin } from "./check.js";
import {
  BUILTIN_PROVIDERS, DEFAULT_PROVIDER_ID, MEMORIES_DEFAULTS, MEMORIES_KEYS, MODEL_KEYS, PROVIDER_DEFAULTS, PROVIDER_KEYS,
  TOP_LEVEL_KEYS, type EngramConfig, type KeySpec, type MemoriesConfig, type Provenance, type ProviderConfig,
} from "./schema.js";
import { closest } from "./suggest.js";

export interface LoadConfigOptions {
  home: string;
  env?: Env;
  /** Dotted key paths, e.g. `{ "memories.extract_model": "gpt-5.4", "model_provider": "ollama" }`. */
  overrides?: Record<string, unknown>;
}

export interface LoadedConfig {
  config: EngramConfig;
  /** Key path → where its effective value came from. */
  sources: Record<string, Provenance>;
}

/** Env var that overrides `[memories] <key>`: ENGRAM_MEMORIES_<KEY>, e.g. ENGRAM_MEMORIES_EXTRACT_MODEL. */
export function memoriesEnvVar(key: string): string {
  return `ENGRAM_MEMORIES_${key.toUpperCase()}`;
}
export const MODEL_PROVIDER_ENV_VAR = "ENGRAM_MODEL_PROVIDER";

export function readConfigToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new EngramError("config_unreadable", `cannot read ${file}: ${(error as Error).message}`, {
      hint: "check the file's permissions",
    });
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.replace(/^Invalid TOML document: /, "").split("\n")[0];
      throw new EngramError(
        "config_syntax",
        `${file}:${error.line}:${error.column}: invalid TOML: ${reason}\n${error.codeblock.trimEnd()}`,
        { hint: "fix the syntax at that line (strings need quotes; tables look like [memories])" },
      );
    }
    throw error;
  }
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const home = path.resolve(options.home);
  const file = configPath(home);
  const fileOrigin: Origin = { kind: "config.toml", file };
  const sources: Record<string, Provenance> = {};
  const doc = readConfigToml(file);

  for (const key of Object.keys(doc)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) throw unknownKeyError(fileOrigin, key, TOP_LEVEL_KEYS);
  }

  const model_providers = loadProviders(doc.model_providers, fileOrigin, sources);
  const models = loadModels(doc.models, fileOrigin, sources);
  const memories = loadMemories(doc.memories, fileOrigin, env, options.overrides ?? {}, sources);

  let model_provider = DEFAULT_PROVIDER_ID;
  sources.model_provider = { source: "default" };
  const layers: [Origin, unknown][] = [
    [fileOrigin, doc.model_provider],
    [{ kind: "env", variable: MODEL_PROVIDER_ENV_VAR }, env[MODEL_PROVIDER_ENV_VAR] || undefined],
    [{ kind: "override" }, options.overrides?.model_provider],
  ];
  for (const [origin, value] of layers) {
    if (value === undefined) continue;
    model_provider = checkValue(origin, "model_provider", { type: "string" }, value).value as string;
    sources.model_provider = provenance(origin);
  }
  checkProviderId(model_provider, "model_provider", model_providers, file, sources);

  const withDerived = fillDerived(memories, home, model_provider, sources);
  for (const role of ["extract_provider", "consolidation_provider"] as const) {
    checkProviderId(withDerived[role], `memories.${role}`, model_providers, file, sources);
  }
  if (withDerived.heartbeat_seconds >= withDerived.lease_seconds) {
    throw new EngramError(
      "config_invalid",
      `${file}: memories.heartbeat_seconds (${withDerived.heartbeat_seconds}) must be shorter than memories.lease_seconds (${withDerived.lease_seconds})`,
      { hint: "a job's lease is renewed every heartbeat; a heartbeat longer than the lease lets other workers steal live jobs" },
    );
  }

  for (const key of Object.keys(options.overrides ?? {})) {
    if (key !== "model_provider" && !key.startsWith("memories.")) {
      throw unknownKeyError({ kind: "override" }, key, ["model_provider", ...Object.keys(MEMORIES_KEYS).map((k) => `memories.${k}`)]);
    }
  }

  return { config: { home, config_file: file, model_provider, model_providers, models, memories: withDerived }, sources };
}

function provenance(origin: Origin, note?: string): Provenance {
  const detail = [origin.kind === "env" ? origin.variable : undefined, note].filter(Boolean).join(", ");
  return detail ? { source: origin.kind, detail } : { source: origin.kind };
}

function checkProviderId(
  id: string, keyPath: string, providers: Record<string, ProviderConfig>, file: string, sources: Record<string, Provenance>,
): void {
  if (providers[id]) return;
  const known = Object.keys(providers);
  const guess = closest(id, known);
  const from = sources[keyPath]?.source === "config.toml" || sources[keyPath] === undefined ? file : `${keyPath} (${sources[keyPath]!.source}${sources[keyPath]!.detail ? ` ${sources[keyPath]!.detail}` : ""})`;
  throw new EngramError("config_unknown_provider", `${from}: ${keyPath} is "${id}", which is not a known provider (known: ${known.join(", ")})`, {
    hint: `${guess ? `did you mean "${guess}"? Or ` : ""}define it in ${file}:\n  [model_providers.${id}]\n  base_url = "http://…/v1"\n  wire_api = "chat"   # or "responses"`,
  });
}

function loadProviders(raw: unknown, origin: Origin, sources: Record<string, Provenance>): Record<string, ProviderConfig> {
  const providers: Record<string, ProviderConfig> = {};
  for (const [id, builtin] of Object.entries(BUILTIN_PROVIDERS)) {
    providers[id] = { ...PROVIDER_DEFAULTS, ...builtin, http_headers: {}, env_http_headers: {}, query_params: {} };
    for (const key of Object.keys(PROVIDER_KEYS)) {
      if (key !== "requires_openai_auth") sources[`model_providers.${id}.${key}`] = { source: "default" };
    }
  }
  if (raw === undefined) return providers;
  if (!isTable(raw)) throw typeError(origin, "model_providers", { type: "table<string>" }, raw);
  for (const [id, table] of Object.entries(raw)) {
    const prefix = `model_providers.${id}`;
    if (!isTable(table)) {
      throw new EngramError("config_invalid", `${originLabel(origin)}: ${prefix} must be a table, found ${typeof table}`, {
        hint: `write it as a table:\n  [${prefix}]\n  base_url = "http://…/v1"`,
      });
    }
    const builtin = BUILTIN_PROVIDERS[id];
    if (!builtin && table.base_url === undefined) {
      throw new EngramError("config_invalid", `${originLabel(origin)}: ${prefix}.base_url is missing`, {
        hint: `a provider that is not built in (openai, ollama) needs base_url, e.g. base_url = "http://localhost:8000/v1" under [${prefix}]`,
      });
    }
    const provider: ProviderConfig = builtin
      ? providers[id]!
      : { ...PROVIDER_DEFAULTS, id, name: id, base_url: "", wire_api: "responses", env_key: undefined, http_headers: {}, env_http_headers: {}, query_params: {} };
    if (!builtin) {
      for (const key of Object.keys(PROVIDER_KEYS)) if (key !== "requires_openai_auth") sources[`${prefix}.${key}`] = { source: "default" };
    }
    for (const [key, value] of Object.entries(table)) {
      const spec = (PROVIDER_KEYS as Record<string, KeySpec>)[key];
      if (!spec) throw unknownKeyError(origin, `${prefix}.${key}`, Object.keys(PROVIDER_KEYS));
      const checked = checkValue(origin, `${prefix}.${key}`, spec, value);
      if (key === "requires_openai_auth") continue;
      if (key === "base_url") checkUrl(origin, `${prefix}.base_url`, checked.value as string);
      (provider as unknown as Record<string, unknown>)[key] = checked.value;
      sources[`${prefix}.${key}`] = provenance(origin, checked.note);
    }
    provider.base_url = provider.base_url.replace(/\/+$/, "");
    providers[id] = provider;
  }
  return providers;
}

function checkUrl(origin: Origin, keyPath: string, value: string): void {
  let protocol = "";
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = "";
  }
  if (protocol === "http:" || protocol === "https:") return;
  throw new EngramError("config_invalid", `${originLabel(origin)}: ${keyPath} must be an http(s) URL, found ${JSON.stringify(value)}`, {
    hint: 'e.g. base_url = "http://localhost:11434/v1"',
  });
}

function loadModels(raw: unknown, origin: Origin, sources: Record<string, Provenance>): EngramConfig["models"] {
  const models: EngramConfig["models"] = {};
  if (raw === undefined) return models;
  if (!isTable(raw)) throw typeError(origin, "models", { type: "table<string>" }, raw);
  for (const [name, table] of Object.entries(raw)) {
    if (!isTable(table)) throw typeError(origin, `models.${name}`, { type: "table<string>" }, table);
    models[name] = {};
    for (const [key, value] of Object.entries(table)) {
      const spec = (MODEL_KEYS as Record<string, KeySpec>)[key];
      if (!spec) throw unknownKeyError(origin, `models.${name}.${key}`, Object.keys(MODEL_KEYS));
      models[name]!.context_window = checkValue(origin, `models.${name}.${key}`, spec, value).value as number;
      sources[`models.${name}.${key}`] = provenance(origin);
    }
  }
  return models;
}

type PartialMemories = Partial<MemoriesConfig> & typeof MEMORIES_DEFAULTS;

function loadMemories(
  raw: unknown, origin: Origin, env: Env, overrides: Record<string, unknown>, sources: Record<string, Provenance>,
): PartialMemories {
  const out: PartialMemories = { ...MEMORIES_DEFAULTS, allowed_sources: [...MEMORIES_DEFAULTS.allowed_sources] };
  for (const key of Object.keys(MEMORIES_DEFAULTS)) sources[`memories.${key}`] = { source: "default" };
  const set = (o: Origin, key: string, value: unknown) => {
    const spec = (MEMORIES_KEYS as Record<string, KeySpec>)[key];
    if (!spec) throw unknownKeyError(o, `memories.${key}`, Object.keys(MEMORIES_KEYS));
    const checked = checkValue(o, `memories.${key}`, spec, value);
    (out as Record<string, unknown>)[key] = checked.value;
    sources[`memories.${key}`] = provenance(o, checked.note);
  };
  if (raw !== undefined) {
    if (!isTable(raw)) throw typeError(origin, "memories", { type: "table<string>" }, raw);
    for (const [key, value] of Object.entries(raw)) set(origin, key, value);
  }
  for (const [key, spec] of Object.entries(MEMORIES_KEYS)) {
    const variable = memoriesEnvVar(key);
    const text = env[variable];
    if (text !== undefined && text !== "") set({ kind: "env", variable }, key, fromEnvText(text, spec));
  }
  for (const [keyPath, value] of Object.entries(overrides)) {
    if (keyPath.startsWith("memories.")) set({ kind: "override" }, keyPath.slice("memories.".length), value);
  }
  return out;
}

function fillDerived(m: PartialMemories, home: string, modelProvider: string, sources: Record<string, Provenance>): MemoriesConfig {
  const memory_root = m.memory_root === undefined ? path.join(home, "memories") : path.resolve(home, expandHome(m.memory_root));
  if (m.memory_root === undefined) sources["memories.memory_root"] = { source: "default", detail: "$ENGRAM_HOME/memories" };
  const roleProvider = (key: "extract_provider" | "consolidation_provider") => {
    if (m[key] !== undefined) return m[key]!;
    sources[`memories.${key}`] = { source: "default", detail: "model_provider" };
    return modelProvider;
  };
  return { ...m, memory_root, extract_provider: roleProvider("extract_provider"), consolidation_provider: roleProvider("consolidation_provider") };
}

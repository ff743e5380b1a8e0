import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, test } from "node:test";
import { EngramError } from "../errors.js";
import { createModelClient } from "../model/client.js";
import { loadConfig } from "./load.js";
import { configRows, maskSecret } from "./show.js";

const homes: string[] = [];
function home(toml?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-config-"));
  homes.push(dir);
  if (toml !== undefined) fs.writeFileSync(path.join(dir, "config.toml"), toml);
  return dir;
}
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function configError(toml: string, env: Record<string, string> = {}): EngramError {
  try {
    loadConfig({ home: home(toml), env });
  } catch (error) {
    assert.ok(error instanceof EngramError, String(error));
    return error;
  }
  assert.fail("expected a config error");
}

test("without config.toml every value is a default from the seed documents", () => {
  const h = home();
  const { config, sources } = loadConfig({ home: h, env: {} });
  assert.equal(config.model_provider, "openai");
  assert.equal(config.model_providers.openai!.base_url, "https://api.openai.com/v1");
  assert.equal(config.model_providers.ollama!.wire_api, "chat");
  assert.equal(config.model_providers.ollama!.env_key, undefined);
  assert.equal(config.memories.min_rollout_idle_hours, 12);
  assert.equal(config.memories.max_running_stage1_jobs, 64);
  assert.equal(config.memories.extract_model, "gpt-5.4-mini");
  assert.equal(config.memories.consolidation_model, "gpt-5.4");
  assert.deepEqual(config.memories.allowed_sources, ["cli", "vscode"]);
  assert.equal(config.memories.memory_root, path.join(h, "memories"));
  assert.equal(config.memories.extract_provider, "openai");
  assert.equal(sources["memories.max_unused_days"]!.source, "default");
});

test("config.toml, env and overrides layer in that order and each value records its source", () => {
  const h = home(`
model_provider = "ollama"
[memories]
max_unused_days = 10
extract_model = "qwen2.5-coder:7b"
memory_root = "mem"
[models."qwen2.5-coder:7b"]
context_window = 8192
`);
  const { config, sources } = loadConfig({
    home: h,
    env: { ENGRAM_MEMORIES_MAX_UNUSED_DAYS: "20", ENGRAM_MEMORIES_ALLOWED_SOURCES: "cli, exec" },
    overrides: { "memories.consolidation_model": "llama3.1" },
  });
  assert.equal(config.model_provider, "ollama");
  assert.equal(config.memories.extract_provider, "ollama");
  assert.deepEqual(sources["memories.extract_provider"], { source: "default", detail: "model_provider" });
  assert.equal(config.memories.max_unused_days, 20);
  assert.deepEqual(sources["memories.max_unused_days"], { source: "env", detail: "ENGRAM_MEMORIES_MAX_UNUSED_DAYS" });
  assert.deepEqual(config.memories.allowed_sources, ["cli", "exec"]);
  assert.equal(config.memories.extract_model, "qwen2.5-coder:7b");
  assert.equal(sources["memories.extract_model"]!.source, "config.toml");
  assert.equal(config.memories.consolidation_model, "llama3.1");
  assert.equal(sources["memories.consolidation_model"]!.source, "override");
  assert.equal(config.memories.memory_root, path.join(h, "mem"));
  assert.equal(config.models["qwen2.5-coder:7b"]!.context_window, 8192);
  const client = createModelClient(config, { role: "extract", env: {} });
  assert.equal(client.contextWindow, 8192);
  assert.equal(createModelClient(config, { role: "consolidate", env: {} }).contextWindow, 131_072);
});

test("a config provider with a built-in id overrides only the keys it sets", () => {
  const { config, sources } = loadConfig({ home: home('[model_providers.openai]\nbase_url = "https://proxy.example/v1/"\n'), env: {} });
  assert.equal(config.model_providers.openai!.base_url, "https://proxy.example/v1");
  assert.equal(config.model_providers.openai!.env_key, "OPENAI_API_KEY");
  assert.equal(sources["model_providers.openai.base_url"]!.source, "config.toml");
  assert.equal(sources["model_providers.openai.env_key"]!.source, "default");
});

test("out-of-range values are clamped like Codex, and the clamp is recorded", () => {
  const { config, sources } = loadConfig({ home: home("[memories]\nmin_rollout_idle_hours = 100\nmax_unused_days = -3\n"), env: {} });
  assert.equal(config.memories.min_rollout_idle_hours, 48);
  assert.equal(config.memories.max_unused_days, 0);
  assert.equal(sources["memories.min_rollout_idle_hours"]!.detail, "clamped from 100");
});

test("an unknown key names the file and key path and suggests the closest known key", () => {
  const e = configError("[memories]\nmax_unsued_days = 3\n");
  assert.match(e.message, /config\.toml: unknown key memories\.max_unsued_days$/);
  assert.match(e.hint!, /did you mean memories\.max_unused_days\?/);
  assert.match(configError('modle_provider = "x"\n').hint!, /did you mean model_provider\?/);
  assert.match(configError("[model_providers.openai]\nbase_ur = \"http://x\"\n").hint!, /did you mean model_providers\.openai\.base_url/);
});

test("a wrong type says what was found and what is allowed", () => {
  const e = configError('[memories]\nmax_unused_days = "30"\n');
  assert.match(e.message, /memories\.max_unused_days must be an integer from 0 to 365, found the string "30"/);
  assert.match(configError('[memories]\nextract_reasoning_effort = "hgih"\n').message, /one of "none", "minimal", "low", "medium", "high", "xhigh", found the string "hgih"/);
  assert.match(configError("[memories]\nuse_memories = 1\n").message, /must be true or false, found the integer 1/);
  assert.match(configError("[memories]\nlease_seconds = 10\n").message, /lease_seconds must be an integer from 60 to 86400/);
  assert.match(configError('[model_providers.x]\nbase_url = "localhost:8000"\n').message, /base_url must be an http\(s\) URL/);
  assert.match(configError("[memories]\nmax_retries = 2\n", { ENGRAM_MEMORIES_MAX_RETRIES: "many" }).message, /environment variable ENGRAM_MEMORIES_MAX_RETRIES: memories\.max_retries must be an integer/);
});

test("a TOML syntax error names the file, line and column", () => {
  const e = configError('[memories]\nextract_model = gpt-5\n');
  assert.equal(e.code, "config_syntax");
  assert.match(e.message, /config\.toml:2:\d+: invalid TOML/);
});

test("an unknown provider lists the known ones and suggests the closest", () => {
  const e = configError('model_provider = "olama"\n');
  assert.match(e.message, /model_provider is "olama", which is not a known provider \(known: openai, ollama\)/);
  assert.match(e.hint!, /did you mean "ollama"\?/);
  assert.match(configError('[memories]\nconsolidation_provider = "vllm"\n').message, /memories\.consolidation_provider is "vllm"/);
  assert.match(configError("[model_providers.vllm]\nwire_api = \"chat\"\n").message, /model_providers\.vllm\.base_url is missing/);
});

test("a heartbeat not shorter than the lease is rejected", () => {
  assert.match(configError("[memories]\nheartbeat_seconds = 3600\n").message, /heartbeat_seconds \(3600\) must be shorter than memories\.lease_seconds \(3600\)/);
});

test("a missing API key is reported when a client is created, naming the env var", () => {
  const { config } = loadConfig({ home: home(), env: {} });
  assert.throws(() => createModelClient(config, { role: "extract", env: {} }), (e: unknown) => {
    assert.ok(e instanceof EngramError);
    assert.match(e.message, /provider "openai" needs an API key in the environment variable OPENAI_API_KEY, which is not set/);
    assert.match(e.hint!, /export OPENAI_API_KEY=/);
    return true;
  });
});

test("config rows mask API keys and secret-looking headers", () => {
  const h = home('[model_providers.corp]\nbase_url = "https://llm.corp/v1"\nenv_key = "CORP_KEY"\nhttp_headers = { "X-Api-Key" = "abcdef1234567890", "X-Team" = "infra", "X-Other" = "Bearer zzzzzzzzzzzz9999" }\n');
  const loaded = loadConfig({ home: h, env: {} });
  const rows = configRows(loaded, { OPENAI_API_KEY: "sk-proj-abcdefghijklmnop1234" });
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  assert.equal(value("model_providers.openai.api_key"), "sk-…1234");
  assert.equal(value("model_providers.corp.api_key"), "(not set)");
  assert.deepEqual(value("model_providers.corp.http_headers"), { "X-Api-Key": "abc…7890", "X-Team": "infra", "X-Other": "Bea…9999" });
  assert.equal(maskSecret("short"), "****");
  assert.ok(!JSON.stringify(rows).includes("abcdefghijklmnop"));
});

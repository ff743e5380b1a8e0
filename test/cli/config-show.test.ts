import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

const repo = path.resolve(import.meta.dirname, "../..");

function runConfigShow(toml: string | undefined, args: string[] = [], env: Record<string, string> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-cli-config-"));
  if (toml !== undefined) fs.writeFileSync(path.join(home, "config.toml"), toml);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ENGRAM_") && k !== "OPENAI_API_KEY"));
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/run.ts", "config", "show", ...args], {
    cwd: repo,
    env: { ...clean, ENGRAM_HOME: home, ...env },
    encoding: "utf8",
  });
  fs.rmSync(home, { recursive: true, force: true });
  return result;
}

test("engram config show prints effective values with sources and a masked API key", () => {
  const r = runConfigShow("[memories]\nmax_unused_days = 7\n", [], { OPENAI_API_KEY: "sk-proj-abcdefghijklmnop9876" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /memories\.max_unused_days\s+7\s+config\.toml/);
  assert.match(r.stdout, /memories\.lease_seconds\s+3600\s+default/);
  assert.match(r.stdout, /model_providers\.openai\.api_key\s+sk-…9876\s+env \(OPENAI_API_KEY\)/);
  assert.ok(!r.stdout.includes("abcdefghijklmnop"));
});

test("engram config show --json prints one JSON document", () => {
  const r = runConfigShow(undefined, ["--json"]);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const row = doc.values.find((v: { key: string }) => v.key === "model_providers.openai.api_key");
  assert.deepEqual(row, { key: "model_providers.openai.api_key", value: "(not set)", source: "env", detail: "OPENAI_API_KEY" });
});

test("a bad config.toml gives a readable error, a non-zero exit and no stack trace", () => {
  const r = runConfigShow("[memories]\nmax_unsued_days = 3\n");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^engram: .*config\.toml: unknown key memories\.max_unsued_days\nhint: did you mean memories\.max_unused_days\?/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const syntax = runConfigShow("[memories\n");
  assert.equal(syntax.status, 1);
  assert.match(syntax.stderr, /config\.toml:1:\d+: invalid TOML/);
  assert.doesNotMatch(syntax.stderr, /\n\s+at /);
});

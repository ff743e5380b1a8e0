/** The configuration examples users copy from docs/configuration.md must load as written. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import { REPO_ROOT } from "../helpers/tempHome.js";
import { runCli } from "../helpers/runCli.js";

const DOC = fs.readFileSync(path.join(REPO_ROOT, "docs/configuration.md"), "utf8");
const EXAMPLES = [...DOC.matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1]!);

test("every TOML example in docs/configuration.md loads without error (OpenAI, compatible server, Ollama)", () => {
  assert.ok(EXAMPLES.length >= 4, `found ${EXAMPLES.length} examples`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-docs-"));
  try {
    const providers = new Set<string>();
    for (const toml of EXAMPLES) {
      fs.writeFileSync(path.join(home, "config.toml"), toml);
      const { config } = loadConfig({ home, env: {} });
      providers.add(config.memories.extract_provider);
    }
    assert.deepEqual([...providers].sort(), ["ollama", "openai", "vllm"]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test("engram config show says when config.toml does not exist", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-docs-"));
  try {
    const env = { PATH: process.env.PATH ?? "", ENGRAM_HOME: home, HOME: home };
    const r = await runCli(["config", "show"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^config file: .*config\.toml \(not found: defaults apply/);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

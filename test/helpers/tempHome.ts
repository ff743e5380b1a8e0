/**
 * Temp folders for tests: an engram home and a Codex home under one root, removed by `cleanup()`.
 * `env` is what a spawned `engram` should see (ENGRAM_HOME, CODEX_HOME, no ENGRAM_LOG noise).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES_DIR = path.join(REPO_ROOT, "test/fixtures/codex-0.169");

/** The three real Codex 0.169 rollouts (see test/fixtures/codex-0.169/README.md). */
export const FIXTURE_FILES = {
  fixTest: "rollout-2026-11-23T11-43-57-01a20838-4edc-7e71-b98e-217d5ae0a8ec.jsonl",
  prefs: "rollout-2026-11-23T11-43-59-01a20838-54bc-7ca1-9bbc-0da780a6dbc2.jsonl",
  exec: "rollout-2026-11-23T11-44-05-01a20838-6d96-71e1-975f-19e55293b2df.jsonl",
} as const;

export interface TempHome {
  root: string;
  engramHome: string;
  codexHome: string;
  env: Record<string, string>;
  cleanup(): void;
}

export function makeTempHome(prefix = "engram-test-"): TempHome {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const engramHome = path.join(root, "engram");
  const codexHome = path.join(root, "codex");
  fs.mkdirSync(engramHome, { recursive: true });
  fs.mkdirSync(codexHome, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.ENGRAM_LOG;
  env.ENGRAM_HOME = engramHome;
  env.CODEX_HOME = codexHome;
  return { root, engramHome, codexHome, env, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * Copies fixture rollouts into `<codexHome>/sessions/2026/11/23/` (or `archived_sessions/` flat, as
 * Codex archives them). Returns the absolute paths written, in the order given.
 */
export function layoutFixtures(
  codexHome: string,
  names: readonly string[] = Object.values(FIXTURE_FILES),
  options: { archived?: boolean } = {},
): string[] {
  const dir = options.archived
    ? path.join(codexHome, "archived_sessions")
    : path.join(codexHome, "sessions", "2026", "11", "23");
  fs.mkdirSync(dir, { recursive: true });
  return names.map((name) => {
    const dest = path.join(dir, name);
    fs.copyFileSync(path.join(FIXTURES_DIR, name), dest);
    return dest;
  });
}

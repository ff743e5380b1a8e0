/**
 * `npm run bench:phase1`: the phase-1 benchmark, three figures with PASS/FAIL.
 *
 * 1. Input tokens: engram's rendering vs a Codex 0.169-style JSON rendering of the same synthetic
 *    rollouts (measureRenderRatio, bench/phase1-render.ts). Target ≤ 0.4.
 * 2. Fact retention through render + redaction + chunking (every user message, command + exit code,
 *    error line). Target 100 %.
 * 3. Wall time of 64 extractions by the real runner (runPhase1: real SQLite, real indexer, real model
 *    client over HTTP) against a loopback model server answering each request after L = 1 s. With
 *    extraction_concurrency 8, the floor is 8 rounds = 8L. Target ≤ 1.1 × 8L + 2 s = 10.8 s.
 *
 *   node --import tsx bench/phase1.bench.ts [--jobs 64] [--latency-ms 1000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/load.js";
import { runPhase1 } from "../src/phase1/run.js";
import { indexRollouts } from "../src/state/indexRollouts.js";
import { startModelServer } from "../test/support/modelServer.js";
import { measureRenderRatio } from "./phase1-render.js";
import { syntheticRollout } from "./synthetic-rollout.js";

const RATIO_TARGET = 0.4;
const CONCURRENCY = 8;
/** Slack over the 8L floor: 10 % for scheduling plus 2 s for process-level work (DB, rendering). */
const WALL_SLACK_FACTOR = 1.1;
const WALL_SLACK_MS = 2_000;

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

export async function measureExtractionWallTime(jobs: number, latencyMs: number): Promise<{ wallMs: number; succeeded: number; requests: number; targetMs: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-bench-phase1-"));
  const server = await startModelServer(() => ({
    kind: "json",
    value: { rollout_summary: "# bench\nsummary", rollout_slug: "bench", raw_memory: "---\ndescription: bench\n---\n- fact" },
    delayMs: latencyMs,
  }));
  try {
    const home = path.join(root, "engram");
    const sessions = path.join(root, "codex", "sessions", "2026", "11", "23");
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(sessions, { recursive: true });
    for (let i = 0; i < jobs; i++) {
      const r = syntheticRollout(1000 + i, 1);
      const id = (r.lines.find((l) => l.type === "session_meta")!.payload as { id: string }).id;
      fs.writeFileSync(path.join(sessions, `rollout-2026-11-23T09-00-00-${id}.jsonl`), r.lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    }
    fs.writeFileSync(
      path.join(home, "config.toml"),
      [
        `[model_providers.loop]`, `name = "loopback"`, `base_url = "${server.url}"`, `wire_api = "responses"`, ``,
        `[memories]`, `extract_provider = "loop"`, `extract_model = "bench-model"`, `extraction_concurrency = ${CONCURRENCY}`,
        `max_running_stage1_jobs = 64`,
      ].join("\n") + "\n",
    );
    await indexRollouts({ home, sources: [{ dir: path.join(root, "codex", "sessions"), archived: false }] });
    const env = { ...process.env, ENGRAM_LOG: "error" };
    const { config } = loadConfig({ home, env });
    const started = performance.now();
    const summary = await runPhase1({ home, config, env, ignoreIdle: true });
    const wallMs = performance.now() - started;
    const rounds = Math.ceil(jobs / CONCURRENCY);
    return { wallMs, succeeded: summary.succeeded, requests: server.requests.length, targetMs: WALL_SLACK_FACTOR * rounds * latencyMs + WALL_SLACK_MS };
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const jobs = argValue("--jobs", 64);
  const latencyMs = argValue("--latency-ms", 1_000);

  const render = measureRenderRatio();
  const ratioOk = render.ratio <= RATIO_TARGET;
  const retention = (100 * render.factsRetained) / Math.max(1, render.facts);
  const retentionOk = render.missing.length === 0;
  const wall = await measureExtractionWallTime(jobs, latencyMs);
  const wallOk = wall.wallMs <= wall.targetMs && wall.succeeded === jobs;

  const lines = [
    `phase 1 benchmark (${render.rollouts} synthetic Codex 0.169 rollouts for 1–2; ${jobs} jobs for 3)`,
    `1. input tokens: engram ${render.engramTokens} / Codex-style JSON ${render.codexStyleTokens} = ${render.ratio.toFixed(3)} ` +
      `(target ≤ ${RATIO_TARGET}) ${verdict(ratioOk)}`,
    `2. fact retention: ${retention === 100 ? "100" : retention.toFixed(1)}% (${render.factsRetained}/${render.facts}) (target 100%) ${verdict(retentionOk)}`,
    ...render.missing.slice(0, 5).map((m) => `   missing: ${JSON.stringify(m)}`),
    `3. ${jobs} extractions at L = ${latencyMs} ms, concurrency ${CONCURRENCY}: ${(wall.wallMs / 1000).toFixed(2)} s, ` +
      `${wall.succeeded} succeeded, ${wall.requests} requests (target ≤ ${(wall.targetMs / 1000).toFixed(1)} s) ${verdict(wallOk)}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  if (!ratioOk || !retentionOk || !wallOk) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

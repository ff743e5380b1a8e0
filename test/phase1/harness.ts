/**
 * Phase-1 test harness: a temp engram + Codex home with real fixture rollouts indexed by the real
 * indexer, a config.toml pointing the extract role at the loopback model server, and helpers to
 * read what the server received and what the state DB holds.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { loadConfig } from "../../src/config/load.js";
import type { EngramConfig } from "../../src/config/schema.js";
import type { JobRow } from "../../src/db/jobs/types.js";
import { createModelClient } from "../../src/model/client.js";
import type { ModelClient } from "../../src/model/types.js";
import { runPhase1 } from "../../src/phase1/run.js";
import type { Phase1Summary, RunPhase1Options } from "../../src/phase1/runTypes.js";
import { indexRollouts } from "../../src/state/indexRollouts.js";
import { layoutFixtures, makeTempHome, type TempHome } from "../helpers/tempHome.js";
import type { RecordedRequest, Reply } from "../support/modelServer.js";
import { syntheticRollout, type RolloutFacts } from "../../bench/synthetic-rollout.js";

export const FIX_TEST_ID = "01a20838-4edc-7e71-b98e-217d5ae0a8ec";
export const PREFS_ID = "01a20838-54bc-7ca1-9bbc-0da780a6dbc2";
export const EXEC_ID = "01a20838-6d96-71e1-975f-19e55293b2df";

export interface ConfigOptions {
  model?: string;
  contextWindow?: number;
  idleTimeoutMs?: number;
  requestRetries?: number;
  streamRetries?: number;
  memories?: Record<string, number | string | boolean | string[]>;
}

export function writeConfig(home: string, url: string, o: ConfigOptions = {}): void {
  const model = o.model ?? "test-extract-model";
  const lines = [
    `[model_providers.loop]`,
    `name = "loopback"`,
    `base_url = "${url}"`,
    `wire_api = "responses"`,
    `request_max_retries = ${o.requestRetries ?? 1}`,
    `stream_max_retries = ${o.streamRetries ?? 1}`,
    `stream_idle_timeout_ms = ${o.idleTimeoutMs ?? 5000}`,
    ``,
    `[memories]`,
    `extract_provider = "loop"`,
    `extract_model = "${model}"`,
    ...Object.entries(o.memories ?? {}).map(([k, v]) => `${k} = ${JSON.stringify(v)}`),
  ];
  if (o.contextWindow !== undefined) lines.push(``, `[models."${model}"]`, `context_window = ${o.contextWindow}`);
  fs.writeFileSync(path.join(home, "config.toml"), lines.join("\n") + "\n");
}

export interface HomeOptions {
  /** Rollouts to add (file name → JSONL text). */
  extra?: { name: string; text: string }[];
  /** Rewrites a fixture's text before indexing (e.g. to plant a secret). */
  transform?: (fileName: string, text: string) => string;
  /** Lay out no fixture at all, only `extra`. */
  noFixtures?: boolean;
}

/** A temp home with the three fixtures (and `extra` rollouts) laid out and indexed by the real indexer. */
export async function indexedHome(o: HomeOptions = {}): Promise<TempHome> {
  const home = makeTempHome("engram-phase1-");
  const dir = path.join(home.codexHome, "sessions", "2026", "11", "23");
  fs.mkdirSync(dir, { recursive: true });
  const written = o.noFixtures ? [] : layoutFixtures(home.codexHome);
  for (const file of written) if (o.transform) fs.writeFileSync(file, o.transform(path.basename(file), fs.readFileSync(file, "utf8")));
  for (const f of o.extra ?? []) fs.writeFileSync(path.join(dir, f.name), f.text);
  await indexRollouts({ home: home.engramHome, sources: [{ dir: path.join(home.codexHome, "sessions"), archived: false }] });
  return home;
}

export function configOf(home: TempHome): EngramConfig {
  return loadConfig({ home: home.engramHome, env: home.env }).config;
}

/** A real client with fast retries (tests wait ms, not the default 200 ms doubling). */
export function fastClient(config: EngramConfig, env: Record<string, string>): ModelClient {
  return createModelClient(config, { role: "extract", env, retryBaseDelayMs: 5 });
}

export async function extract(home: TempHome, options: Partial<RunPhase1Options> = {}): Promise<Phase1Summary> {
  const config = configOf(home);
  // Job failures are expected in many tests: keep their warnings out of the test output.
  const env = { ...home.env, ENGRAM_LOG: "error" };
  return runPhase1({ home: home.engramHome, config, env, ignoreIdle: true, client: fastClient(config, home.env), ...options });
}

export function memoryReply(tag: string, extra: Partial<Record<"raw_memory" | "rollout_summary", string>> = {}): Reply {
  return {
    kind: "json",
    value: {
      rollout_summary: extra.rollout_summary ?? `# Summary ${tag}\nThe session fixed a test.`,
      rollout_slug: `slug-${tag}`,
      raw_memory: extra.raw_memory ?? `---\ndescription: memory ${tag}\n---\n- fact from ${tag}`,
    },
    usage: { input: 100, output: 20 },
  };
}

export const EMPTY_REPLY: Reply = { kind: "json", value: { rollout_summary: "", rollout_slug: null, raw_memory: "" } };

/** The user message text the client sent. */
export function inputText(r: RecordedRequest): string {
  const input = r.body?.input as { content?: { text?: string }[] }[] | undefined;
  return (input ?? []).flatMap((i) => (i.content ?? []).map((c) => c.text ?? "")).join("\n");
}

/** Which fixture thread a request is about (by the cwd the prompt names). */
export function threadOfRequest(r: RecordedRequest): string | undefined {
  const text = inputText(r);
  const m = /rollout-[0-9T-]+-([0-9a-f-]{36})\.jsonl/.exec(text);
  return m?.[1];
}

export function openDb(home: TempHome): Database.Database {
  return new Database(path.join(home.engramHome, "state.sqlite"));
}

export function jobRow(home: TempHome, threadId: string): JobRow | undefined {
  const db = openDb(home);
  try {
    return db.prepare(`SELECT * FROM jobs WHERE kind = 'memory_stage1' AND job_key = ?`).get(threadId) as JobRow | undefined;
  } finally {
    db.close();
  }
}

export function stage1Row(home: TempHome, threadId: string): { raw_memory: string; rollout_summary: string; rollout_slug: string | null } | undefined {
  const db = openDb(home);
  try {
    return db.prepare(`SELECT * FROM stage1_outputs WHERE thread_id = ?`).get(threadId) as never;
  } finally {
    db.close();
  }
}

/** A generated Codex-shaped rollout (bench/synthetic-rollout.ts) as a file to add to a home. */
export function syntheticFile(seed: number, turns: number): { id: string; name: string; text: string; facts: RolloutFacts } {
  const r = syntheticRollout(seed, turns);
  const meta = r.lines.find((l) => l.type === "session_meta")!.payload as { id: string };
  return {
    id: meta.id,
    name: `rollout-2026-11-23T09-00-00-${meta.id}.jsonl`,
    text: r.lines.map((l) => JSON.stringify(l)).join("\n") + "\n",
    facts: r.facts,
  };
}

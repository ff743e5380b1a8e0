/**
 * Phase-2 test rig: a temp engram home whose config.toml points the consolidation model at a real
 * loopback model server, a state DB seeded with plain INSERTs, and scripted agents that call the
 * real file tools.
 */
import fs from "node:fs";
import path from "node:path";
import { loadConfig, type LoadedConfig } from "../../src/config/index.js";
import type { Db } from "../../src/db/open.js";
import { openLogsDb, openStateDb } from "../../src/db/stateDb.js";
import { insertOutput, insertThread } from "../jobs/seed.js";
import { makeTempHome, type TempHome } from "../helpers/tempHome.js";
import { startModelServer, type ModelServer, type Reply } from "../support/modelServer.js";

export interface Phase2Rig {
  t: TempHome;
  home: string;
  root: string;
  server: ModelServer;
  config(): LoadedConfig;
  withDb<T>(fn: (db: Db) => T): T;
  /** The phase-2 rows of the logs DB, oldest first, as `LEVEL message`. */
  logs(): string[];
  /** Adds a thread and its stage-1 output (fresh, so it is selected). */
  seed(id: string, text: string, updatedAt?: number): void;
  close(): Promise<void>;
}

/**
 * Writes `<engramHome>/config.toml` whose default provider is the loopback model server at `url`
 * (Responses wire, no retries, so a scripted fault fails at once), plus `memoriesLines` under
 * `[memories]`.
 */
export function writeLoopbackConfig(engramHome: string, url: string, memoriesLines: readonly string[] = []): void {
  fs.writeFileSync(path.join(engramHome, "config.toml"), [
    'model_provider = "loop"',
    "[model_providers.loop]",
    `base_url = "${url}"`,
    'wire_api = "responses"',
    "request_max_retries = 0",
    "stream_max_retries = 0",
    ...(memoriesLines.length > 0 ? ["[memories]", ...memoriesLines] : []),
  ].join("\n") + "\n");
}

export async function makePhase2Rig(extraMemories: string[] = []): Promise<Phase2Rig> {
  const t = makeTempHome("engram-phase2-");
  const server = await startModelServer();
  writeLoopbackConfig(t.engramHome, server.url, ["summary_token_limit = 300", ...extraMemories]);
  const home = t.engramHome;
  const withDb = <T>(fn: (db: Db) => T): T => {
    const db = openStateDb(home);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    t,
    home,
    root: path.join(home, "memories"),
    server,
    config: () => loadConfig({ home, env: {} }),
    withDb,
    logs() {
      const db = openLogsDb(home);
      try {
        const rows = db.prepare("SELECT level, message FROM logs WHERE target = 'phase2' ORDER BY id").all() as { level: string; message: string }[];
        return rows.map((r) => `${r.level} ${r.message}`);
      } finally {
        db.close();
      }
    },
    seed(id, text, updatedAt = Math.floor(Date.now() / 1000) - 3600) {
      withDb((db) => {
        insertThread(db, { id, updatedAt });
        insertOutput(db, { threadId: id, sourceUpdatedAt: updatedAt, rawMemory: `raw memory: ${text}`, rolloutSummary: `summary: ${text}`, rolloutSlug: text });
      });
    },
    async close() {
      await server.close();
      t.cleanup();
    },
  };
}

export const VALID_SUMMARY = "v1\n## User profile\nA developer.\n## What's in memory\n- testing\n";
export const VALID_HANDBOOK = "# Task group: tests\nscope: global\n\n## Task 1: ran tests, outcome: success\n- learned things\n";

const call = (name: string, args: Record<string, unknown>) => ({ name, arguments: args });

/** A well-behaved agent: reads the diff, writes both files, reports. */
export function validAgent(opts: { handbook?: string; summary?: string; report?: string; delayMs?: number } = {}): Reply[] {
  const d = opts.delayMs !== undefined ? { delayMs: opts.delayMs } : {};
  return [
    { kind: "tool_calls", calls: [call("read", { path: "phase2_workspace_diff.md" })], ...d },
    {
      kind: "tool_calls",
      calls: [call("write", { path: "MEMORY.md", content: opts.handbook ?? VALID_HANDBOOK }), call("write", { path: "memory_summary.md", content: opts.summary ?? VALID_SUMMARY })],
      ...d,
    },
    { kind: "text", text: opts.report ?? "Record the test sessions in memory\n- added task group tests", ...d },
  ];
}

/** The text of the tool result the model received for call `callId` in request `index` (Responses wire). */
export function toolOutputsIn(body: any): string[] {
  return (body?.input ?? []).filter((i: any) => i.type === "function_call_output").map((i: any) => String(i.output));
}

/** Every file under `dir` (relative path → bytes as base64), `.git` excluded; symlinks recorded as targets. */
export function treeState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (rel === ".git") continue;
      if (e.isSymbolicLink()) out[rel] = `link:${fs.readlinkSync(full)}`;
      else if (e.isDirectory()) walk(full);
      else out[rel] = fs.readFileSync(full).toString("base64");
    }
  };
  walk(dir);
  return out;
}

/**
 * Where engram keeps its files and where it looks for Codex's.
 *
 * `ENGRAM_HOME` (default `~/.engram`) holds the state DB, the logs DB, `config.toml` and, by default,
 * the memory folder. `CODEX_HOME` (default `~/.codex`) is where Codex writes its rollouts.
 */
import os from "node:os";
import path from "node:path";

export const STATE_DB_FILENAME = "state.sqlite";
export const LOGS_DB_FILENAME = "logs.sqlite";
export const CONFIG_FILENAME = "config.toml";
export const MEMORIES_DIRNAME = "memories";

export type Env = Record<string, string | undefined>;

function expandHome(p: string): string {
  if (p === "~") return os.homedir();
  if (p.startsWith("~/")) return path.join(os.homedir(), p.slice(2));
  return p;
}

export function engramHome(env: Env = process.env): string {
  const v = env.ENGRAM_HOME;
  return path.resolve(v && v.length > 0 ? expandHome(v) : path.join(os.homedir(), ".engram"));
}

export function codexHome(env: Env = process.env): string {
  const v = env.CODEX_HOME;
  return path.resolve(v && v.length > 0 ? expandHome(v) : path.join(os.homedir(), ".codex"));
}

export function stateDbPath(home: string): string {
  return path.join(home, STATE_DB_FILENAME);
}

export function logsDbPath(home: string): string {
  return path.join(home, LOGS_DB_FILENAME);
}

export function configPath(home: string): string {
  return path.join(home, CONFIG_FILENAME);
}

/** Default rollout sources: Codex's live and archived sessions. */
export function defaultRolloutSources(env: Env = process.env): { dir: string; archived: boolean }[] {
  const home = codexHome(env);
  return [
    { dir: path.join(home, "sessions"), archived: false },
    { dir: path.join(home, "archived_sessions"), archived: true },
  ];
}

export { expandHome };

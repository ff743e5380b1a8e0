/**
 * `engram status`: the user's window on the pipeline. What is indexed, where phase 1 stands (jobs by
 * outcome and error class, recent failures with their retry time, sessions waiting), the last
 * consolidation (outcome, commit, next allowed run, last error) and where the memory folder is.
 */
import fs from "node:fs";
import path from "node:path";
import { getStatus, type EngramStatus } from "../../state/status.js";
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { git } from "../../util/git.js";
import { printJson, printLine } from "../output.js";
import { renderStatus } from "./statusRender.js";

export interface MemoryFolderStatus {
  path: string;
  exists: boolean;
  /** The newest commit a consolidation made (it carries an `Engram-Job:` trailer), or null. */
  lastConsolidationCommit: { sha: string; date: string; subject: string } | null;
}

export type StatusReport = EngramStatus & { memoryFolder: MemoryFolderStatus };

export async function runStatusCommand(opts: { json?: boolean }): Promise<number> {
  const home = engramHome();
  const m = loadConfig({ home }).config.memories;
  const status = getStatus(home, {
    allowedSources: m.allowed_sources,
    maxAgeDays: m.max_rollout_age_days,
    minIdleHours: m.min_rollout_idle_hours,
    cooldownSeconds: m.phase2_cooldown_seconds,
  });
  const report: StatusReport = { ...status, memoryFolder: await memoryFolderStatus(m.memory_root) };
  if (opts.json) printJson(report);
  else for (const line of renderStatus(report)) printLine(line);
  return 0;
}

const FIELD_SEP = "\x1f";

export async function memoryFolderStatus(root: string): Promise<MemoryFolderStatus> {
  const exists = fs.existsSync(root);
  if (!exists || !fs.existsSync(path.join(root, ".git"))) return { path: root, exists, lastConsolidationCommit: null };
  try {
    const r = await git(root, ["log", "-1", `--format=%H${FIELD_SEP}%cI${FIELD_SEP}%s`, "--extended-regexp", "--grep=^Engram-Job: ", "HEAD"], {
      okCodes: [128],
    });
    const [sha = "", date = "", subject = ""] = r.code === 0 ? r.stdout.trim().split(FIELD_SEP) : [];
    return { path: root, exists, lastConsolidationCommit: sha ? { sha, date, subject } : null };
  } catch {
    // git missing or the folder is not a usable repo: status still shows everything else
    return { path: root, exists, lastConsolidationCommit: null };
  }
}

export { renderStatus };

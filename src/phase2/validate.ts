/**
 * Validation of a consolidation's result before it is committed (step 8 of the runner).
 *
 * `validateArtifacts` is pure: it judges the two memory files' text and the list of paths the run
 * changed. `changedPathsSince` is the one I/O helper: what differs between a snapshot commit and the
 * working tree now (the diff file excluded, as in every workspace diff).
 */
import fs from "node:fs";
import path from "node:path";
import { countTokens } from "../model/tokens.js";
import { git } from "../util/git.js";
import { classifyLayoutPath, MEMORY_HANDBOOK_FILENAME, MEMORY_SUMMARY_FILENAME } from "./layout.js";
import { parseNameStatus, withWorkingTreeIndex, type WorkspaceChange } from "./workspace/index.js";

/** The first line `memory_summary.md` must have: the read path checks it before injecting. */
export const MEMORY_SUMMARY_VERSION_LINE = "v1";

export interface ArtifactsToValidate {
  /** `memory_summary.md` content, or null when missing. */
  summary: string | null;
  /** `MEMORY.md` content, or null when missing. */
  handbook: string | null;
  /** Paths the agent changed (relative to the memory root). */
  changedPaths: readonly WorkspaceChange[];
  summaryTokenLimit: number;
}

/** Problems found, in a stable order; empty = valid. */
export function validateArtifacts(a: ArtifactsToValidate): string[] {
  const problems: string[] = [];
  if (a.summary === null) {
    problems.push(`${MEMORY_SUMMARY_FILENAME} is missing`);
  } else {
    const firstLine = a.summary.split("\n", 1)[0]!.replace(/\r$/, "");
    if (firstLine !== MEMORY_SUMMARY_VERSION_LINE) {
      problems.push(`${MEMORY_SUMMARY_FILENAME} must start with the line "${MEMORY_SUMMARY_VERSION_LINE}" (found ${JSON.stringify(firstLine.slice(0, 40))})`);
    }
    const tokens = countTokens(a.summary);
    if (tokens > a.summaryTokenLimit) {
      problems.push(`${MEMORY_SUMMARY_FILENAME} is ${tokens} tokens; the limit is ${a.summaryTokenLimit} (summary_token_limit)`);
    }
  }
  if (a.handbook === null) problems.push(`${MEMORY_HANDBOOK_FILENAME} is missing`);
  else if (a.handbook.trim().length === 0) problems.push(`${MEMORY_HANDBOOK_FILENAME} is empty`);
  for (const change of a.changedPaths) {
    const cls = classifyLayoutPath(change.path);
    if (cls === "memory") continue;
    problems.push(
      cls === "outside"
        ? `${change.path} is outside the memory layout (${change.status})`
        : `${change.path} is an input engram owns; the agent may not change it (${change.status})`,
    );
  }
  return problems;
}

/** Reads a regular file's text, or null when it is missing or not a regular file (a symlink counts as missing). */
export function readRegularFile(root: string, rel: string): string | null {
  const file = path.join(root, rel);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) return null;
  return fs.readFileSync(file, "utf8");
}

/** Paths that differ between commit `base` and the working tree (untracked included, diff file excluded). */
export async function changedPathsSince(root: string, base: string): Promise<WorkspaceChange[]> {
  return withWorkingTreeIndex(root, async (env) => {
    const r = await git(root, ["diff", "--cached", "--no-renames", "--name-status", "-z", base], { env });
    return parseNameStatus(r.stdout);
  });
}

/** Reads the folder and validates it against `snapshot`. */
export async function validateWorkspace(root: string, snapshot: string, summaryTokenLimit: number): Promise<string[]> {
  return validateArtifacts({
    summary: readRegularFile(root, MEMORY_SUMMARY_FILENAME),
    handbook: readRegularFile(root, MEMORY_HANDBOOK_FILENAME),
    changedPaths: await changedPathsSince(root, snapshot),
    summaryTokenLimit,
  });
}

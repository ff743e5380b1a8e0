/**
 * Repairing the folder after a crashed consolidation (kill -9 mid-agent), keeping the user's work.
 *
 * While the agent runs, every path its tools are about to change is appended to a journal in
 * `.git/` (out of the agent's reach; `ToolSession.recordTouch`). The next run puts back from the
 * run's snapshot ONLY those paths (a path missing from the snapshot is removed; a folder path covers
 * everything under it), so edits a user made anywhere else, even after the crash, survive and reach
 * the next diff. Without a readable journal the whole folder goes back to the snapshot.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { git } from "../../util/git.js";
import { GIT_DIRNAME } from "../layout.js";
import { restoreWorkspace } from "./history.js";

/** The journal's file name inside `.git/`. */
export const TOUCHED_JOURNAL_FILENAME = "engram-agent-touched";

export function touchedJournalPath(root: string): string {
  return path.join(root, GIT_DIRNAME, TOUCHED_JOURNAL_FILENAME);
}

/** Starts an empty journal for a new agent run. */
export function startTouchedJournal(root: string): string {
  const file = touchedJournalPath(root);
  fs.writeFileSync(file, "");
  return file;
}

export function removeTouchedJournal(root: string): void {
  fs.rmSync(touchedJournalPath(root), { force: true });
}

/**
 * The journal's paths (deduplicated, in order), or null when there is no journal or a line cannot be
 * trusted. A torn last line (a crash mid-append, before the change itself) is ignored. Pure on text.
 */
export function parseTouchedJournal(text: string): string[] | null {
  const lines = text.split("\n");
  const last = lines.pop();
  const paths = new Set<string>();
  for (const [i, line] of [...lines, ...(last ? [last] : [])].entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i === lines.length) continue; // torn final line: its change never started
      return null;
    }
    if (typeof value !== "string" || !isPlainRelativePath(value)) return null;
    paths.add(value);
  }
  return [...paths];
}

function isPlainRelativePath(p: string): boolean {
  const parts = p.split("/");
  return p.length > 0 && !p.includes("\0") && !p.includes("\\") && !path.isAbsolute(p) &&
    parts.every((c) => c.length > 0 && c !== "." && c !== ".." && c.toLowerCase() !== GIT_DIRNAME);
}

/** True when `rel`'s parent folders are real folders inside the root (no symlink planted since). */
function parentsInsideRoot(root: string, rel: string): boolean {
  let dir = root;
  for (const part of rel.split("/").slice(0, -1)) {
    dir = path.join(dir, part);
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (st === undefined) return true; // nothing below exists; nothing to remove there
    if (!st.isDirectory()) return false;
  }
  return true;
}

/** Removes the folders above `rel` that the removal left empty (the checkout recreates needed ones). */
function removeEmptyParents(root: string, rel: string): void {
  for (let dir = path.dirname(rel); dir !== "."; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(path.join(root, dir));
    } catch {
      return; // not empty (or gone): the folders above are not empty either
    }
  }
}

/**
 * Undoes a crashed agent run from `snapshot`: only the journalled paths when the journal is there
 * (returns them), else the whole folder (returns null). HEAD and the real index are never touched.
 */
export async function repairFromSnapshot(root: string, snapshot: string): Promise<string[] | null> {
  let touched: string[] | null = null;
  try {
    touched = parseTouchedJournal(fs.readFileSync(touchedJournalPath(root), "utf8"));
  } catch {
    // no journal (a crash before it was started): the whole folder goes back
  }
  if (touched === null) {
    await restoreWorkspace(root, { snapshot });
    return null;
  }
  const safe = touched.filter((rel) => parentsInsideRoot(root, rel));
  for (const rel of safe) {
    fs.rmSync(path.join(root, rel), { recursive: true, force: true });
    removeEmptyParents(root, rel);
  }
  if (safe.length === 0) return touched;
  const tmpIndex = path.join(root, GIT_DIRNAME, `engram-repair-index-${process.pid}-${randomBytes(4).toString("hex")}`);
  const env = { GIT_INDEX_FILE: tmpIndex, GIT_LITERAL_PATHSPECS: "1" };
  try {
    await git(root, ["read-tree", snapshot], { env });
    const files = (await git(root, ["ls-files", "-z", "--", ...safe], { env })).stdout.split("\0").filter((f) => f.length > 0);
    if (files.length > 0) await git(root, ["checkout-index", "-f", "-z", "--stdin"], { env, input: files.join("\0") });
  } finally {
    fs.rmSync(tmpIndex, { force: true });
  }
  return touched;
}

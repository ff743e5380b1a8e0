/**
 * The memory folder's history: engram keeps every consolidation as its own commit (unlike Codex's
 * single squashed baseline), so a user can see why memory changed and undo one consolidation.
 * These functions back `engram history`, `engram show` and `engram revert`, and the runner's
 * commit / restore steps.
 */
import fs from "node:fs";
import path from "node:path";
import { EngramError } from "../../errors.js";
import { git, GitError } from "../../util/git.js";
import { GIT_DIRNAME } from "../layout.js";
import { assertWorkspaceRepo } from "./prepare.js";
import { stageAll, withWorkingTreeIndex } from "./diff.js";

export interface CommitOptions {
  /** Subject line, then optionally a blank line and a body saying why. */
  message: string;
  /** Appended as `Key: value` trailer lines (e.g. `Engram-Run-Id`). */
  trailers?: Record<string, string>;
}

/** Builds the full commit message, pure. */
export function commitMessageWithTrailers(options: CommitOptions): string {
  const message = options.message.trim();
  if (message.length === 0) throw new EngramError("commit_message_empty", "a memory commit needs a message");
  const trailers = Object.entries(options.trailers ?? {}).map(([k, v]) => {
    if (!/^[A-Za-z0-9-]+$/.test(k)) throw new EngramError("commit_trailer_invalid", `invalid commit trailer key: ${k}`);
    return `${k}: ${v.replace(/\s*\n\s*/g, " ").trim()}`;
  });
  return trailers.length === 0 ? `${message}\n` : `${message}\n\n${trailers.join("\n")}\n`;
}

/** Commits every change in the folder (the diff file excepted); returns the sha, or null if nothing changed. */
export async function commitWorkspace(root: string, options: CommitOptions): Promise<string | null> {
  assertWorkspaceRepo(root);
  const message = commitMessageWithTrailers(options);
  await stageAll(root);
  const hasHead = (await git(root, ["rev-parse", "--verify", "-q", "HEAD"], { okCodes: [1] })).code === 0;
  if (hasHead) {
    const quiet = await git(root, ["diff", "--cached", "--quiet", "HEAD"], { okCodes: [1] });
    if (quiet.code === 0) return null;
  }
  await git(root, ["commit", "-q", "--no-verify", "--cleanup=verbatim", "-F", "-"], { input: message });
  return (await git(root, ["rev-parse", "HEAD"])).stdout.trim();
}

/** Commits the whole working tree (untracked included) as a dangling commit; HEAD and the index stay. */
export async function snapshotWorkspace(root: string): Promise<string> {
  assertWorkspaceRepo(root);
  return withWorkingTreeIndex(root, async (env) => {
    const tree = (await git(root, ["write-tree"], { env })).stdout.trim();
    const head = await git(root, ["rev-parse", "--verify", "-q", "HEAD"], { okCodes: [1] });
    const parents = head.code === 0 ? ["-p", head.stdout.trim()] : [];
    const sha = (await git(root, ["commit-tree", tree, ...parents], { input: "engram: workspace snapshot\n" })).stdout.trim();
    await git(root, ["update-ref", "refs/engram/snapshot", sha]); // keeps it from being garbage-collected
    return sha;
  });
}

/**
 * Puts the folder back exactly as HEAD (or as `snapshot`, a sha from `snapshotWorkspace`): tracked
 * files reset, every untracked or ignored file removed; `.git` is kept. Used when a consolidation is
 * invalid or crashed. Restoring a snapshot keeps HEAD and the index at HEAD, so the snapshot's
 * changes show up again in the next workspace diff.
 */
export async function restoreWorkspace(root: string, options: { snapshot?: string } = {}): Promise<void> {
  assertWorkspaceRepo(root);
  const snapshot = options.snapshot === undefined ? undefined : await resolveRevision(root, options.snapshot);
  await git(root, ["reset", "-q", "--hard", "HEAD"]);
  await git(root, ["clean", "-q", "-ffdx"]);
  if (snapshot === undefined) return;
  const gitDir = path.join(root, GIT_DIRNAME);
  const tmpIndex = path.join(gitDir, `engram-restore-index-${process.pid}`);
  try {
    fs.copyFileSync(path.join(gitDir, "index"), tmpIndex);
    await git(root, ["read-tree", "-m", "-u", "HEAD", snapshot], { env: { GIT_INDEX_FILE: tmpIndex } });
  } finally {
    fs.rmSync(tmpIndex, { force: true });
  }
}

/** Revert subjects quote the original subject up to this many characters, so the line stays short. */
export const REVERT_QUOTED_SUBJECT_MAX_CHARS = 60;

/** `engram: revert <short-sha> (<original subject, cut>)`, a blank line, the full sha. Pure. */
export function revertCommitMessage(sha: string, originalSubject: string): string {
  const quoted = originalSubject.length > REVERT_QUOTED_SUBJECT_MAX_CHARS ? `${originalSubject.slice(0, REVERT_QUOTED_SUBJECT_MAX_CHARS - 1)}…` : originalSubject;
  return `engram: revert ${sha.slice(0, 12)} (${quoted})\n\nThis reverts commit ${sha}.\n`;
}

/** The full sha of a commit; a clear EngramError when `rev` names no commit. */
export async function resolveRevision(root: string, rev: string): Promise<string> {
  if (rev.length === 0 || rev.startsWith("-") || rev.includes("\0")) {
    throw new EngramError("memory_revision_invalid", `not a revision: ${JSON.stringify(rev)}`, {
      hint: "Pass a commit sha from `engram history`.",
    });
  }
  const r = await git(root, ["rev-parse", "--verify", "-q", `${rev}^{commit}`], { okCodes: [1, 128] });
  if (r.code !== 0) {
    throw new EngramError("memory_revision_unknown", `no memory revision ${rev} in ${root}`, {
      hint: "Run `engram history` to list revisions.",
    });
  }
  return r.stdout.trim();
}

export interface HistoryStats {
  filesChanged: number;
  insertions: number;
  deletions: number;
}

export interface HistoryEntry {
  sha: string;
  /** Committer date, ISO 8601. */
  date: string;
  subject: string;
  body: string;
  stats: HistoryStats;
}

const RECORD_SEP = "\x1e";
const FIELD_SEP = "\x1f";

/** Newest first. */
export async function listHistory(root: string, options: { limit?: number } = {}): Promise<HistoryEntry[]> {
  assertWorkspaceRepo(root);
  const hasHead = (await git(root, ["rev-parse", "--verify", "-q", "HEAD"], { okCodes: [1] })).code === 0;
  if (!hasHead) return [];
  const limit = options.limit ?? 50;
  const format = `${RECORD_SEP}%H${FIELD_SEP}%cI${FIELD_SEP}%s${FIELD_SEP}%b${FIELD_SEP}`;
  const r = await git(root, ["log", `-n${limit}`, "--numstat", "--no-renames", `--format=${format}`, "HEAD"]);
  return r.stdout
    .split(RECORD_SEP)
    .filter((rec) => rec.length > 0)
    .map((rec) => {
      const [sha = "", date = "", subject = "", body = "", numstat = ""] = rec.split(FIELD_SEP);
      return { sha, date, subject, body: body.trim(), stats: parseNumstat(numstat) };
    });
}

function parseNumstat(text: string): HistoryStats {
  const stats: HistoryStats = { filesChanged: 0, insertions: 0, deletions: 0 };
  for (const line of text.split("\n")) {
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!m) continue;
    stats.filesChanged++;
    stats.insertions += m[1] === "-" ? 0 : Number(m[1]);
    stats.deletions += m[2] === "-" ? 0 : Number(m[2]);
  }
  return stats;
}

export interface Revision {
  sha: string;
  date: string;
  /** The full commit message: subject, why, trailers. */
  message: string;
  patch: string;
  files: { status: "A" | "M" | "D"; path: string }[];
}

export async function showRevision(root: string, rev: string): Promise<Revision> {
  assertWorkspaceRepo(root);
  const sha = await resolveRevision(root, rev);
  const meta = await git(root, ["show", "-s", `--format=%cI${FIELD_SEP}%B`, sha]);
  const [date = "", message = ""] = meta.stdout.split(FIELD_SEP);
  const flags = ["--no-color", "--no-ext-diff", "--no-renames", "--format=", "--root"];
  const names = await git(root, ["show", ...flags, "--name-status", "-z", sha]);
  const patch = await git(root, ["show", ...flags, "--patch", sha]);
  const parts = names.stdout.split("\0").filter((p) => p.length > 0);
  const files: Revision["files"] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i]!.trim();
    files.push({ status: code.startsWith("A") ? "A" : code.startsWith("D") ? "D" : "M", path: parts[i + 1]! });
  }
  return { sha, date, message: message.replace(/\n+$/, "\n"), patch: patch.stdout, files };
}

/**
 * Creates a new commit that undoes `rev`. Refuses when the folder has uncommitted changes (they would
 * be mixed into the revert); on a conflict, aborts and throws, leaving the folder as it was.
 */
export async function revertRevision(root: string, rev: string): Promise<string> {
  assertWorkspaceRepo(root);
  const sha = await resolveRevision(root, rev);
  const dirty = await git(root, ["status", "--porcelain", "--untracked-files=all"]);
  if (dirty.stdout.trim().length > 0) {
    throw new EngramError("memory_folder_dirty", `the memory folder ${root} has uncommitted changes; refusing to revert ${sha.slice(0, 12)}`, {
      hint: "Let the next consolidation commit them, or undo them by hand, then revert again.",
    });
  }
  const parents = (await git(root, ["rev-list", "--parents", "-n1", sha])).stdout.trim().split(" ").slice(1);
  if (parents.length === 0) {
    throw new EngramError("memory_revert_root", `revision ${sha.slice(0, 12)} is the first one in the history; there is nothing before it to go back to`);
  }
  const subject = (await git(root, ["log", "-1", "--format=%s", sha])).stdout.trim();
  try {
    await git(root, ["revert", "--no-commit", ...(parents.length > 1 ? ["-m", "1"] : []), sha]);
    // Our own message instead of git's `Revert "…"` (which nests on repeated reverts); an empty
    // consolidation commit reverts to an empty commit, still recorded.
    await git(root, ["commit", "-q", "--no-verify", "--allow-empty", "--cleanup=verbatim", "-F", "-"], { input: revertCommitMessage(sha, subject) });
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    await git(root, ["revert", "--abort"], { okCodes: [128] });
    throw new EngramError("memory_revert_conflict", `reverting ${sha.slice(0, 12)} conflicts with later changes to the same lines; nothing was changed`, {
      hint: "Revert the later revisions first (newest first), or edit the memory files by hand.",
      cause: e,
    });
  }
  return (await git(root, ["rev-parse", "HEAD"])).stdout.trim();
}

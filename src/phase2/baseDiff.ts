/**
 * The consolidation diff base: the last commit a consolidation made (it carries an `Engram-Job:`
 * trailer), or HEAD when there is none yet. Diffing against it rather than HEAD means commits made
 * since then (`engram revert`, a user's own commit in the folder) reach the agent as user edits.
 */
import { git } from "../util/git.js";
import { headOrEmptyTree, parseNameStatus, withWorkingTreeIndex, type WorkspaceDiff } from "./workspace/index.js";
import { assertWorkspaceRepo } from "./workspace/index.js";

const DIFF_FLAGS = ["--no-color", "--no-ext-diff", "--no-renames", "--no-textconv"];

export async function lastConsolidationCommit(root: string): Promise<string> {
  const r = await git(root, ["log", "-1", "--format=%H", "--extended-regexp", "--grep=^Engram-Job: ", "HEAD"], { okCodes: [128] });
  const sha = r.code === 0 ? r.stdout.trim() : "";
  return sha.length > 0 ? sha : headOrEmptyTree(root);
}

/** Every change in the folder (working tree, untracked included) since the last consolidation. */
export async function diffSinceLastConsolidation(root: string): Promise<WorkspaceDiff & { base: string }> {
  assertWorkspaceRepo(root);
  const base = await lastConsolidationCommit(root);
  return withWorkingTreeIndex(root, async (env) => {
    const names = await git(root, ["diff", "--cached", ...DIFF_FLAGS, "--name-status", "-z", base], { env });
    const patch = await git(root, ["diff", "--cached", ...DIFF_FLAGS, "--full-index", base], { env });
    return { changes: parseNameStatus(names.stdout), patch: patch.stdout, base };
  });
}

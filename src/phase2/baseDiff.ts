/**
 * The consolidation diff base: the last commit a consolidation made (it carries an `Engram-Job:`
 * trailer), or the empty tree before the first consolidation, so that everything already in the
 * folder (a MEMORY.md the user wrote, notes dropped before engram ever ran) reaches the first agent
 * as input. Diffing against it rather than HEAD means commits made since then (`engram revert`, a
 * user's own commit in the folder) reach the agent as user edits.
 */
import { git } from "../util/git.js";
import { EMPTY_TREE_SHA, parseNameStatus, withWorkingTreeIndex, type WorkspaceDiff } from "./workspace/index.js";
import { assertWorkspaceRepo } from "./workspace/index.js";

const DIFF_FLAGS = ["--no-color", "--no-ext-diff", "--no-renames", "--no-textconv"];
/** engram's own bookkeeping files, never memory content: left out of what the agent is shown. */
const NOT_MEMORY = ["--", ".", ":(exclude).gitignore"];

export async function lastConsolidationCommit(root: string): Promise<string> {
  const r = await git(root, ["log", "-1", "--format=%H", "--extended-regexp", "--grep=^Engram-Job: ", "HEAD"], { okCodes: [128] });
  const sha = r.code === 0 ? r.stdout.trim() : "";
  return sha.length > 0 ? sha : EMPTY_TREE_SHA;
}

/** Every change in the folder (working tree, untracked included) since the last consolidation. */
export async function diffSinceLastConsolidation(root: string): Promise<WorkspaceDiff & { base: string }> {
  assertWorkspaceRepo(root);
  const base = await lastConsolidationCommit(root);
  return withWorkingTreeIndex(root, async (env) => {
    const names = await git(root, ["diff", "--cached", ...DIFF_FLAGS, "--name-status", "-z", base, ...NOT_MEMORY], { env });
    const patch = await git(root, ["diff", "--cached", ...DIFF_FLAGS, "--full-index", base, ...NOT_MEMORY], { env });
    return { changes: parseNameStatus(names.stdout), patch: patch.stdout, base };
  });
}

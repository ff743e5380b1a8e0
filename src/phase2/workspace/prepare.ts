/**
 * `prepareWorkspace`: makes the memory folder a git workspace ready for a consolidation run.
 *
 * 1. Refuse a root that is a symlink or not a directory; create it if missing.
 * 2. Remove a stale `phase2_workspace_diff.md` (left by a crashed run).
 * 3. No `.git` yet → `git init -b main`, write `.gitignore` (the diff file), commit whatever is there.
 * 4. Seed `extensions/ad_hoc/instructions.md` (never overwritten) and `extensions/ad_hoc/notes/.gitkeep`.
 */
import fs from "node:fs";
import path from "node:path";
import { EngramError } from "../../errors.js";
import { git } from "../../util/git.js";
import {
  AD_HOC_EXTENSION_DIRNAME,
  AD_HOC_NOTES_DIRNAME,
  EXTENSION_INSTRUCTIONS_FILENAME,
  GIT_DIRNAME,
  GITIGNORE_FILENAME,
  WORKSPACE_DIFF_FILENAME,
} from "../layout.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { AD_HOC_INSTRUCTIONS_MD } from "./adHocInstructions.js";

export const INITIAL_COMMIT_MESSAGE = "engram: initialise memory folder";
const GITIGNORE_CONTENT = `${WORKSPACE_DIFF_FILENAME}\n`;

export interface PrepareResult {
  /** True when this call created the git repository. */
  initialised: boolean;
  /** True when the ad-hoc instructions file was written by this call. */
  seededAdHocInstructions: boolean;
}

/** Throws unless `root` is (or can become) a real directory that is not a symlink. */
export function assertUsableRoot(root: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (st.isSymbolicLink()) {
    throw new EngramError("memory_root_symlink", `memory folder ${root} is a symlink; engram refuses to follow it`, {
      hint: "Point the memory folder setting at the real directory instead of a link.",
    });
  }
  if (!st.isDirectory()) {
    throw new EngramError("memory_root_not_dir", `memory folder ${root} exists but is not a directory`, {
      hint: "Move that file away or configure a different memory folder.",
    });
  }
}

/** Throws unless `root/.git` is a real directory (the workspace was prepared). */
export function assertWorkspaceRepo(root: string): void {
  assertUsableRoot(root);
  const gitDir = path.join(root, GIT_DIRNAME);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(gitDir);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory()) {
    throw new EngramError("memory_history_missing", `memory folder ${root} has no engram history (${gitDir} is missing or not a directory)`, {
      hint: "Run `engram update` (or `engram consolidate`) first; the first consolidation creates the history.",
    });
  }
}

export async function prepareWorkspace(root: string): Promise<PrepareResult> {
  assertUsableRoot(root);
  fs.mkdirSync(root, { recursive: true });
  fs.rmSync(path.join(root, WORKSPACE_DIFF_FILENAME), { force: true });

  const gitDir = path.join(root, GIT_DIRNAME);
  let initialised = false;
  if (!fs.existsSync(gitDir) && !isSymlink(gitDir)) {
    await git(root, ["init", "-q", "-b", "main"]);
    writeGitignore(root);
    await git(root, ["add", "-A"]);
    await git(root, ["commit", "-q", "--no-verify", "--allow-empty", "-m", INITIAL_COMMIT_MESSAGE]);
    initialised = true;
  } else {
    assertWorkspaceRepo(root);
    writeGitignore(root);
  }

  const seeded = seedAdHocExtension(root);
  return { initialised, seededAdHocInstructions: seeded };
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Makes sure `.gitignore` names the diff file, keeping any other lines. */
function writeGitignore(root: string): void {
  const file = path.join(root, GITIGNORE_FILENAME);
  let current = "";
  try {
    current = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (current.split("\n").some((line) => line.trim() === WORKSPACE_DIFF_FILENAME)) return;
  const next = current.length === 0 ? GITIGNORE_CONTENT : `${current.replace(/\n?$/, "\n")}${GITIGNORE_CONTENT}`;
  writeFileAtomic(file, next);
}

/** Create-new semantics: an existing instructions file (perhaps edited by the user) is kept. */
function seedAdHocExtension(root: string): boolean {
  fs.mkdirSync(path.join(root, AD_HOC_NOTES_DIRNAME), { recursive: true });
  const keep = path.join(root, AD_HOC_NOTES_DIRNAME, ".gitkeep");
  if (!fs.existsSync(keep)) fs.writeFileSync(keep, "");
  const instructions = path.join(root, AD_HOC_EXTENSION_DIRNAME, EXTENSION_INSTRUCTIONS_FILENAME);
  try {
    fs.writeFileSync(instructions, AD_HOC_INSTRUCTIONS_MD, { flag: "wx" });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/**
 * Whether a consolidation has anything to do before a model is asked (README "Runner" step 5).
 *
 * - `isSeededChange`: a change that is only engram's own seeding (`extensions/ad_hoc/notes/.gitkeep`,
 *   `extensions/ad_hoc/instructions.md` still byte-equal to what engram wrote) never triggers the
 *   agent; a user's edit of the instructions does.
 * - `hasUserContent`: MEMORY.md / memory_summary.md with text, any file under `skills/`, any ad-hoc
 *   note, any extension resource. With no selected inputs and none of these there is nothing to
 *   consolidate (a fresh home).
 */
import fs from "node:fs";
import path from "node:path";
import {
  AD_HOC_NOTES_DIRNAME, EXTENSION_INSTRUCTIONS_FILENAME, EXTENSION_RESOURCES_DIRNAME, EXTENSIONS_DIRNAME, AD_HOC_EXTENSION_DIRNAME,
  MEMORY_HANDBOOK_FILENAME, MEMORY_SUMMARY_FILENAME, SKILLS_DIRNAME,
} from "./layout.js";
import { AD_HOC_INSTRUCTIONS_MD, type WorkspaceChange } from "./workspace/index.js";

const SEEDED_NOTES_PLACEHOLDER = `${AD_HOC_NOTES_DIRNAME}/.gitkeep`;
const SEEDED_INSTRUCTIONS = `${AD_HOC_EXTENSION_DIRNAME}/${EXTENSION_INSTRUCTIONS_FILENAME}`;

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

export function isSeededChange(root: string, change: WorkspaceChange): boolean {
  if (change.path === SEEDED_NOTES_PLACEHOLDER) return true;
  if (change.path === SEEDED_INSTRUCTIONS && change.status !== "D") return readOrNull(path.join(root, change.path)) === AD_HOC_INSTRUCTIONS_MD;
  return false;
}

/** The changes that are worth a model call. */
export function triggeringChanges(root: string, changes: readonly WorkspaceChange[]): WorkspaceChange[] {
  return changes.filter((c) => !isSeededChange(root, c));
}

/** True when `dir` holds at least one regular file (recursively) other than `.gitkeep`; links are not followed. */
function hasFileUnder(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => (e.isFile() && e.name !== ".gitkeep") || (e.isDirectory() && hasFileUnder(path.join(dir, e.name))));
}

export function hasUserContent(root: string): boolean {
  for (const name of [MEMORY_HANDBOOK_FILENAME, MEMORY_SUMMARY_FILENAME]) {
    if ((readOrNull(path.join(root, name)) ?? "").trim().length > 0) return true;
  }
  if (hasFileUnder(path.join(root, SKILLS_DIRNAME)) || hasFileUnder(path.join(root, AD_HOC_NOTES_DIRNAME))) return true;
  let extensions: fs.Dirent[];
  try {
    extensions = fs.readdirSync(path.join(root, EXTENSIONS_DIRNAME), { withFileTypes: true });
  } catch {
    return false;
  }
  return extensions.some((e) => e.isDirectory() && hasFileUnder(path.join(root, EXTENSIONS_DIRNAME, e.name, EXTENSION_RESOURCES_DIRNAME)));
}

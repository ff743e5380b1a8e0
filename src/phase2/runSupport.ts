/** Small helpers of the phase-2 runner: outcomes, the snapshot ref, the commit message, the prompt facts. */
import fs from "node:fs";
import path from "node:path";
import { git } from "../util/git.js";
import { COMMIT_SUBJECT_MAX_CHARS, FALLBACK_COMMIT_SUBJECT, SNAPSHOT_REF } from "./constants.js";
import { EXTENSION_INSTRUCTIONS_FILENAME, EXTENSIONS_DIRNAME, MEMORY_HANDBOOK_FILENAME, MEMORY_SUMMARY_FILENAME } from "./layout.js";
import type { ConsolidationMode } from "./prompts.js";
import { commitMessageWithTrailers, removeTouchedJournal, restoreWorkspace } from "./workspace/index.js";

/** Every way a phase-2 run ends (stored in `jobs.outcome`, or `jobs.last_error_class` for failures). */
export type Phase2Outcome =
  | "succeeded"
  | "succeeded_no_workspace_changes"
  | "succeeded_no_input"
  | "skipped_running"
  | "skipped_cooldown"
  | "skipped_retry_unavailable"
  | "failed_prepare_workspace"
  | "failed_load_inputs"
  | "failed_sync_inputs"
  | "failed_workspace_diff"
  | "failed_agent"
  | "failed_validation"
  | "failed_confirm_ownership"
  | "failed_commit"
  | "ownership_lost";

export const PHASE2_OUTCOMES: readonly Phase2Outcome[] = [
  "succeeded", "succeeded_no_workspace_changes", "succeeded_no_input", "skipped_running", "skipped_cooldown", "skipped_retry_unavailable",
  "failed_prepare_workspace", "failed_load_inputs", "failed_sync_inputs", "failed_workspace_diff", "failed_agent",
  "failed_validation", "failed_confirm_ownership", "failed_commit", "ownership_lost",
];

export function isFailedOutcome(o: Phase2Outcome): boolean {
  return o.startsWith("failed_");
}

/** The crashed run's snapshot, if its ref is still there. */
export async function readSnapshotRef(root: string): Promise<string | null> {
  const r = await git(root, ["rev-parse", "--verify", "-q", `${SNAPSHOT_REF}^{commit}`], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Ends a run's crash protection: the snapshot ref and the agent's touched-paths journal go. */
export async function deleteSnapshotRef(root: string): Promise<void> {
  await git(root, ["update-ref", "-d", SNAPSHOT_REF], { okCodes: [1] });
  removeTouchedJournal(root);
}

/** Puts the whole folder back to `snapshot` after an in-process failure; never throws. */
export async function restoreQuietly(root: string, snapshot: string): Promise<void> {
  try {
    await restoreWorkspace(root, { snapshot });
    await deleteSnapshotRef(root);
  } catch {
    // The snapshot ref stays; the next run repairs the folder from it (step 2).
  }
}

/**
 * The agent consumed the changes but left the files as they were: an empty commit still records the
 * consolidation, so the next run's diff base moves past the changes it has seen.
 */
export async function commitEmpty(root: string, options: { message: string; trailers: Record<string, string> }): Promise<string> {
  await git(root, ["commit", "-q", "--no-verify", "--allow-empty", "--cleanup=verbatim", "-F", "-"], { input: commitMessageWithTrailers(options) });
  return (await git(root, ["rev-parse", "HEAD"])).stdout.trim();
}

/** Subject = the reply's first non-empty line (cut), body = the rest; fallback subject when empty. Pure. */
export function commitMessageFromReply(reply: string): string {
  const lines = reply.replace(/\r\n/g, "\n").split("\n");
  const first = lines.findIndex((l) => l.trim().length > 0);
  if (first < 0) return FALLBACK_COMMIT_SUBJECT;
  let subject = lines[first]!.trim().replace(/^#+\s*/, "");
  if (subject.length > COMMIT_SUBJECT_MAX_CHARS) subject = `${subject.slice(0, COMMIT_SUBJECT_MAX_CHARS - 1)}…`;
  const body = lines.slice(first + 1).join("\n").trim();
  return body.length > 0 ? `${subject}\n\n${body}` : subject;
}

function nonEmptyFile(root: string, rel: string): boolean {
  const st = fs.lstatSync(path.join(root, rel), { throwIfNoEntry: false });
  return st?.isFile() === true && fs.readFileSync(path.join(root, rel), "utf8").trim().length > 0;
}

/** "first run" when MEMORY.md or memory_summary.md is missing or empty. */
export function consolidationMode(root: string): ConsolidationMode {
  return nonEmptyFile(root, MEMORY_HANDBOOK_FILENAME) && nonEmptyFile(root, MEMORY_SUMMARY_FILENAME) ? "update" : "first run";
}

/** Extension folders that have an instructions.md, sorted. */
export function listExtensions(root: string): string[] {
  const dir = path.join(root, EXTENSIONS_DIRNAME);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && fs.lstatSync(path.join(dir, e.name, EXTENSION_INSTRUCTIONS_FILENAME), { throwIfNoEntry: false })?.isFile())
    .map((e) => e.name)
    .sort();
}

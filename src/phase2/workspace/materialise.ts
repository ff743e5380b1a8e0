/**
 * `materialiseInputs`: writes the selected memories into the folder (spec §3.6).
 *
 * 1. Ensure `rollout_summaries/` exists.
 * 2. Delete every `rollout_summaries/*.md` whose stem is not in the selection (non-`.md` files stay).
 * 3. Write each summary file and `raw_memories.md`, atomically and only when the bytes changed, so
 *    the same selection yields the same bytes and an empty workspace diff.
 */
import fs from "node:fs";
import path from "node:path";
import { EngramError } from "../../errors.js";
import { RAW_MEMORIES_FILENAME, ROLLOUT_SUMMARIES_DIRNAME } from "../layout.js";
import { writeFileIfChanged } from "./atomicWrite.js";
import { renderRawMemoriesFile, renderRolloutSummaryFile, rolloutSummaryFileStem, type MemoryInput } from "./summaryFiles.js";

export interface MaterialiseResult {
  written: string[];
  removed: string[];
  unchanged: string[];
}

/** File name → content of everything materialised, pure. Later duplicates of a stem are dropped. */
export function renderInputFiles(memories: readonly MemoryInput[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of memories) {
    const rel = `${ROLLOUT_SUMMARIES_DIRNAME}/${rolloutSummaryFileStem(m)}.md`;
    if (!files.has(rel)) files.set(rel, renderRolloutSummaryFile(m));
  }
  files.set(RAW_MEMORIES_FILENAME, renderRawMemoriesFile(memories));
  return files;
}

export function materialiseInputs(root: string, memories: readonly MemoryInput[]): MaterialiseResult {
  const summariesDir = path.join(root, ROLLOUT_SUMMARIES_DIRNAME);
  if (fs.lstatSync(summariesDir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new EngramError("memory_layout_symlink", `${summariesDir} is a symlink; engram will not write through it`, {
      hint: "Replace the link with a real directory (engram regenerates its contents).",
    });
  }
  fs.mkdirSync(summariesDir, { recursive: true });
  const files = renderInputFiles(memories);
  const result: MaterialiseResult = { written: [], removed: [], unchanged: [] };

  for (const entry of fs.readdirSync(summariesDir, { withFileTypes: true })) {
    if (!entry.name.endsWith(".md")) continue;
    const rel = `${ROLLOUT_SUMMARIES_DIRNAME}/${entry.name}`;
    if (files.has(rel)) continue;
    fs.rmSync(path.join(summariesDir, entry.name), { recursive: true, force: true });
    result.removed.push(rel);
  }
  for (const [rel, content] of files) {
    if (writeFileIfChanged(path.join(root, rel), content)) result.written.push(rel);
    else result.unchanged.push(rel);
  }
  result.removed.sort();
  return result;
}

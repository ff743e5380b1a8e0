/** `engram history`: the memory folder's consolidations and edits, newest first. */
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { listHistory, type HistoryEntry } from "../../phase2/workspace/index.js";
import { EngramError } from "../../errors.js";
import { printJson, printLine } from "../output.js";

export async function runHistoryCommand(opts: { limit?: string; json?: boolean }): Promise<number> {
  const root = loadConfig({ home: engramHome() }).config.memories.memory_root;
  const limit = parseLimit(opts.limit);
  const entries = await listHistory(root, { limit });
  if (opts.json) printJson({ memoryRoot: root, entries });
  else for (const l of renderHistory(entries)) printLine(l);
  return 0;
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new EngramError("invalid_limit", `--limit ${JSON.stringify(raw)} is not a positive whole number`, { hint: "Pass e.g. --limit 10." });
  return n;
}

export function renderHistory(entries: readonly HistoryEntry[]): string[] {
  if (entries.length === 0) return ["no history yet (run `engram consolidate`)"];
  return entries.map(
    (e) => `${e.sha.slice(0, 12)}  ${e.date.slice(0, 19).replace("T", " ")}  ${e.subject}  (${e.stats.filesChanged} file(s), +${e.stats.insertions} -${e.stats.deletions})`,
  );
}

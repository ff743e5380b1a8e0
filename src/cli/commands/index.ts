/** `engram index`: renders `indexRollouts()` (progress on stderr; summary text or --json on stdout). */
import path from "node:path";
import { indexRollouts } from "../../state/indexRollouts.js";
import type { IndexSummary, RolloutSource } from "../../state/types.js";
import { defaultRolloutSources, engramHome } from "../../paths.js";
import { createProgress } from "../progress.js";
import { formatDuration, printJson, printLine, printWarning } from "../output.js";

export interface IndexCommandOptions {
  source?: string[];
  addSource?: string[];
  json?: boolean;
  progress?: boolean;
}

/** A folder named `archived_sessions` holds archived sessions, wherever it is. */
function toSource(dir: string): RolloutSource {
  const resolved = path.resolve(dir);
  return { dir: resolved, archived: path.basename(resolved) === "archived_sessions" };
}

/** `--source` replaces the defaults; `--add-source` adds to whichever list is in force. */
export function resolveSources(opts: IndexCommandOptions, env = process.env): RolloutSource[] {
  const base = opts.source && opts.source.length > 0 ? opts.source.map(toSource) : defaultRolloutSources(env);
  return [...base, ...(opts.addSource ?? []).map(toSource)];
}

export async function runIndexCommand(opts: IndexCommandOptions): Promise<number> {
  const progress = createProgress({ enabled: opts.progress !== false && !opts.json });
  let started = false;
  const summary = await indexRollouts({
    home: engramHome(),
    sources: resolveSources(opts),
    onProgress(p) {
      if (p.phase === "read") {
        if (!started && p.total > 0) {
          progress.start(p.total, "indexing");
          started = true;
        }
        // Reading 0 files never starts the bar: nothing to show (and no label-less ": 0/0" line).
        if (started) progress.update(p.done, p.path ? path.basename(p.path) : "");
      } else if (p.phase === "done") {
        progress.stop();
      }
    },
  });
  progress.stop();
  const warnings = sourceWarnings(summary.sources, opts.source !== undefined && opts.source.length > 0, opts.addSource ?? []);
  if (opts.json) {
    printJson({ ...summary, warnings });
    return 0;
  }
  for (const w of warnings) printWarning(w);
  for (const line of renderIndexSummary(summary)) printLine(line);
  return 0;
}

/**
 * What to tell the user about rollout folders that are not there. A missing default `archived_sessions`
 * is normal (nothing archived yet) and says nothing; a missing `sessions` default or any folder the user
 * named is a warning; when no folder exists at all, the warning says where Codex writes sessions.
 */
export function sourceWarnings(
  sources: readonly { dir: string; archived: boolean; exists: boolean }[],
  sourcesGiven: boolean,
  addedSources: readonly string[],
): string[] {
  const added = new Set(addedSources.map((d) => path.resolve(d)));
  const warnings: string[] = [];
  for (const s of sources) {
    if (s.exists) continue;
    const named = sourcesGiven || added.has(s.dir);
    if (!named && s.archived) continue;
    warnings.push(`rollout folder ${s.dir} does not exist or is not a folder: nothing indexed from it`);
  }
  if (sources.length > 0 && sources.every((s) => !s.exists)) {
    warnings.push(
      "no rollout folder found. Codex writes sessions to $CODEX_HOME/sessions (CODEX_HOME defaults to ~/.codex): " +
        "set CODEX_HOME, or pass --source DIR",
    );
  }
  return warnings;
}

export function renderIndexSummary(s: IndexSummary): string[] {
  const lines: string[] = [];
  for (const src of s.sources) {
    lines.push(`source ${src.dir}${src.archived ? " (archived)" : ""}${src.exists ? "" : " (not found)"}`);
  }
  lines.push(
    `files: ${s.filesSeen} seen, ${s.filesRead} read (${s.filesNew} new, ${s.filesAppended} appended, ` +
      `${s.filesRewritten} rewritten), ${s.filesUnchanged} unchanged, ${s.filesMissing} missing` +
      (s.filesUnreadable ? `, ${s.filesUnreadable} unreadable` : ""),
  );
  lines.push(`threads: ${s.threadsAdded} added, ${s.threadsUpdated} updated`);
  if (s.badLines > 0) {
    lines.push(`bad lines: ${s.badLines}${s.badLines > s.firstBadLines.length ? ` (first ${s.firstBadLines.length})` : ""}`);
    for (const b of s.firstBadLines) lines.push(`  ${b.file}:${b.line}: ${b.reason}`);
  }
  lines.push(`done in ${formatDuration(s.elapsedMs)}`);
  return lines;
}

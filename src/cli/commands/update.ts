/** `engram update`: index → prune → phase 1 → phase 2 with one progress line, then a summary. */
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { runUpdate, type UpdateEvent, type UpdateSummary } from "../../pipeline/update.js";
import { isFailedOutcome } from "../../phase2/runSupport.js";
import { formatDuration, printJson, printLine } from "../output.js";
import { createStatusLine } from "../progress.js";
import { phase2ProgressTracker, renderPhase2Result } from "./consolidate.js";
import { PHASE1_OFF_MESSAGE, renderIneligible } from "./extract.js";

export interface UpdateCommandOptions {
  now?: boolean;
  force?: boolean;
  json?: boolean;
  progress?: boolean;
}

export async function runUpdateCommand(opts: UpdateCommandOptions): Promise<number> {
  const home = engramHome();
  const loaded = loadConfig({ home });
  const line = createStatusLine(opts.progress !== false && !opts.json);
  const phase2Progress = phase2ProgressTracker(line.show);
  const onEvent = (e: UpdateEvent) => {
    if (e.step === "index" && e.event.phase === "read") line.show(`indexing: ${e.event.done}/${e.event.total} file(s)`);
    else if (e.step === "prune" && e.deleted > 0) line.show(`pruned ${e.deleted} stale memory row(s)`);
    else if (e.step === "phase1" && e.event.type === "progress") {
      line.show(`extracting memories: ${e.event.done}/${e.event.total} session(s), ${e.event.running} running`);
    } else if (e.step === "phase2") phase2Progress(e.event);
  };
  let summary: UpdateSummary;
  try {
    summary = await runUpdate({ home, config: loaded, ...(opts.now ? { now: true } : {}), ...(opts.force ? { force: true } : {}), onEvent });
  } finally {
    line.stop();
  }
  if (opts.json) printJson(summary);
  else for (const l of renderUpdateSummary(summary)) printLine(l);
  return isFailedOutcome(summary.phase2.outcome) || summary.phase1.failed > 0 ? 1 : 0;
}

export function renderUpdateSummary(s: UpdateSummary): string[] {
  const p1 = s.phase1;
  return [
    `sessions indexed: ${s.index.filesRead} file(s) read, ${s.index.threadsAdded} new and ${s.index.threadsUpdated} updated session(s)`,
    ...(s.pruned > 0 ? [`stale memories pruned: ${s.pruned}`] : []),
    p1.off
      ? PHASE1_OFF_MESSAGE
      : `memories extracted: ${p1.succeeded} written, ${p1.succeededNoOutput} with nothing worth keeping, ${p1.failed} failed (of ${p1.claimed} processed)`,
    ...(p1.off ? [] : renderIneligible(p1.ineligible)),
    ...renderPhase2Result(s.phase2),
    `tokens: ${s.usage.inputTokens} in, ${s.usage.outputTokens} out`,
    `update done in ${formatDuration(s.elapsedMs)}`,
  ];
}

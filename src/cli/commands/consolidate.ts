/** `engram consolidate`: one phase-2 run (`runPhase2`), a progress line on stderr, a summary on stdout. */
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { runPhase2, type Phase2Event, type Phase2Result } from "../../phase2/run.js";
import { isFailedOutcome } from "../../phase2/runSupport.js";
import { formatDuration, printJson, printLine } from "../output.js";
import { createStatusLine } from "../progress.js";

export interface ConsolidateCommandOptions {
  force?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** Keeps the counters a progress line shows; returns an onEvent handler. */
export function phase2ProgressTracker(show: (text: string) => void) {
  let turns = 0;
  let tools = 0;
  let tokens = 0;
  return (e: Phase2Event) => {
    if (e.type === "step") {
      if (e.step !== "agent") show(`consolidation: ${e.step}${e.step === "repair" ? " (restoring a crashed run's folder)" : ""}`);
      return;
    }
    if (e.type === "turn") {
      turns = e.turn;
      tokens += e.usage.totalTokens;
    } else tools++;
    show(`consolidation: agent turn ${turns}, ${tools} tool call(s), ${tokens} tokens${e.type === "tool" && e.path ? `, ${e.name} ${e.path}` : ""}`);
  };
}

export async function runConsolidateCommand(opts: ConsolidateCommandOptions): Promise<number> {
  const home = engramHome();
  const loaded = loadConfig({ home });
  const line = createStatusLine(opts.progress !== false && !opts.json);
  let result: Phase2Result;
  try {
    result = await runPhase2({ home, config: loaded, ...(opts.force ? { force: true } : {}), onEvent: phase2ProgressTracker(line.show) });
  } finally {
    line.stop();
  }
  if (opts.json) printJson(result);
  else for (const l of renderPhase2Result(result)) printLine(l);
  return isFailedOutcome(result.outcome) ? 1 : 0;
}

const OUTCOME_TEXT: Record<string, string> = {
  succeeded: "consolidated",
  succeeded_no_workspace_changes: "nothing changed since the last consolidation; the model was not called",
  succeeded_no_input: "nothing to consolidate yet (no extracted sessions, notes or memory files); the model was not called",
  skipped_running: "skipped: another consolidation is running",
  skipped_cooldown: "skipped: the last consolidation is recent (phase2_cooldown_seconds); use --force to run anyway",
  skipped_retry_unavailable: "skipped: the last consolidation failed and its retry time has not come; use --force to run anyway",
  ownership_lost: "stopped: another worker took over the consolidation; nothing was committed",
};

export function renderPhase2Result(r: Phase2Result): string[] {
  const lines = [`consolidation: ${OUTCOME_TEXT[r.outcome] ?? `FAILED (${r.outcome})`}`];
  if (r.reason && isFailedOutcome(r.outcome)) lines.push(`  reason: ${r.reason}`, "  the memory folder was restored; the next run retries with the same changes");
  if (r.commit) lines.push(`  commit: ${r.commit.slice(0, 12)} (see \`engram show ${r.commit.slice(0, 12)}\`; undo with \`engram revert\`)`);
  if (r.outcome !== "skipped_running" && r.outcome !== "skipped_cooldown" && r.outcome !== "skipped_retry_unavailable") {
    lines.push(`  inputs: ${r.selected} session(s); workspace changes: ${r.changes.length}`);
  }
  if (r.turns > 0) lines.push(`  agent: ${r.turns} turn(s), ${r.toolCalls} tool call(s), ${r.usage.inputTokens} tokens in, ${r.usage.outputTokens} out`);
  lines.push(`  memory folder: ${r.memoryRoot}`, `  done in ${formatDuration(r.elapsedMs)}`);
  return lines;
}

/**
 * `engram extract`: runs phase 1 (runPhase1) with a progress bar on stderr and a summary on stdout
 * (or one JSON document with --json). `generate_memories = false` → says phase 1 is off, exit 0.
 * `--thread` extracts a named session whatever its source (an `exec` session too): naming it opts in. Exit code: 0 when every job that ran succeeded (with or without
 * output) and nothing targeted was left undone; 1 when any job failed or a `--thread` target was not
 * extracted; EngramError codes for user errors (unknown thread id, missing API key, bad config).
 */
import { loadConfig } from "../../config/load.js";
import { engramHome } from "../../paths.js";
import { runPhase1 } from "../../phase1/run.js";
import type { Phase1Ineligible, Phase1Summary } from "../../phase1/runTypes.js";
import { createProgress } from "../progress.js";
import { formatDuration, printJson, printLine } from "../output.js";

export interface ExtractCommandOptions {
  thread?: string[];
  now?: boolean;
  wait?: boolean;
  dryRun?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** Failures listed in the text summary; the rest are in `engram status` / --json. */
const FAILURES_SHOWN = 5;

export async function runExtractCommand(opts: ExtractCommandOptions): Promise<number> {
  const home = engramHome();
  const { config } = loadConfig({ home, env: process.env });
  const progress = createProgress({ enabled: opts.progress !== false && !opts.json && !opts.dryRun });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  let started = false;
  try {
    const summary = await runPhase1({
      home, config,
      ...(opts.thread ? { threadIds: opts.thread } : {}),
      ignoreIdle: opts.now === true,
      wait: opts.wait === true,
      dryRun: opts.dryRun === true,
      signal: controller.signal,
      onEvent(event) {
        if (event.type !== "progress") return;
        if (!started && event.total > 0) {
          progress.start(event.total, "extracting");
          started = true;
        }
        progress.update(event.done, event.running > 0 ? `${event.running} running` : "");
      },
    });
    progress.stop();
    if (opts.json) printJson(summary);
    else if (summary.off) printLine(PHASE1_OFF_MESSAGE);
    else for (const line of opts.dryRun ? renderDryRun(summary) : renderExtractSummary(summary)) printLine(line);
    const targetMissed = !opts.dryRun && summary.skippedThreads.some((s) => s.reason !== "skipped_up_to_date");
    return summary.failed > 0 || targetMissed ? 1 : 0;
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
}

/** Said when no session is a candidate: up to date, not indexed yet, or still within the idle window. */
const NOTHING_TO_EXTRACT =
  "nothing to extract: no eligible session is new or changed since its last extraction " +
  "(`engram index` picks up new sessions; --now includes sessions active in the last min_rollout_idle_hours)";

/** The closing line of a run with no candidate: the reasons listed above, or the generic one. */
function nothingToExtract(s: Phase1Summary): string {
  return renderIneligible(s.ineligible).length > 0
    ? "nothing to extract now: no session is eligible for the reasons above (`engram index` picks up new sessions)"
    : NOTHING_TO_EXTRACT;
}

const SKIP_LABELS: Record<string, string> = {
  skipped_up_to_date: "already up to date",
  skipped_running: "running in another engram process (--wait waits for it)",
  skipped_retry_backoff: "waiting to retry after a failure",
  skipped_retry_exhausted: "out of retries until the session changes",
  skipped_cap_reached: "global running cap reached",
  not_eligible: "not eligible (memories disabled for it, archived, a sub-agent session, too old, or still active: try --now)",
};

/** Why the other sessions were not extracted, one line per reason with its count (`engram extract`,
 *  `--dry-run` and `engram update`). Sub-agent/consolidation sessions are never extracted on their own
 *  and are left out (they are in --json). Empty when every session was a candidate. */
export function renderIneligible(n: Phase1Ineligible | undefined): string[] {
  if (!n) return [];
  const lines = [
    n.notIdle > 0 && `${n.notIdle} session(s) not idle yet (idle for ${n.minIdleHours} h first; --now skips the wait)`,
    n.sourceNotAllowed > 0 &&
      `${n.sourceNotAllowed} session(s) from sources not in allowed_sources (${n.notAllowedSources.map((s) => s || "unknown").join(", ")}; ` +
        "--thread <id> extracts one anyway)",
    n.upToDate > 0 && `${n.upToDate} session(s) already extracted and unchanged`,
    n.tooOld > 0 && `${n.tooOld} session(s) too old (last active over max_rollout_age_days = ${n.maxAgeDays} days ago)`,
    n.archived + n.missing + n.disabled > 0 &&
      `${n.archived} archived, ${n.missing} with a missing rollout file, ${n.disabled} with memories disabled`,
  ].filter((l): l is string => typeof l === "string");
  return lines.length > 0 ? ["not extracted:", ...lines.map((l) => `  ${l}`)] : [];
}

/** What `engram extract` (and `engram update`) say when phase 1 is switched off. */
export const PHASE1_OFF_MESSAGE =
  "phase 1 is off (generate_memories = false in config.toml [memories]): nothing extracted; set it to true to extract memories";

export function renderExtractSummary(s: Phase1Summary): string[] {
  const lines = [
    `claimed ${s.claimed}: ${s.succeeded} succeeded, ${s.succeededNoOutput} with nothing to remember, ${s.failed} failed`,
  ];
  const skips = Object.entries(s.skipped).filter(([, n]) => n > 0);
  if (skips.length > 0) lines.push(`skipped: ${skips.map(([r, n]) => `${n} ${SKIP_LABELS[r] ?? r}`).join(", ")}`);
  for (const t of s.skippedThreads) lines.push(`  ${t.threadId}: ${SKIP_LABELS[t.reason] ?? t.reason}`);
  lines.push(`tokens: ${s.usage.inputTokens} in, ${s.usage.outputTokens} out${s.model ? ` (${s.model})` : ""}`);
  const failures = s.jobs.filter((j) => j.outcome === "failed");
  if (failures.length > 0) {
    lines.push(`failures${failures.length > FAILURES_SHOWN ? ` (first ${FAILURES_SHOWN} of ${failures.length})` : ""}:`);
    for (const f of failures.slice(0, FAILURES_SHOWN)) lines.push(`  ${f.threadId}: ${f.errorClass}: ${f.message}`);
  }
  lines.push(...renderIneligible(s.ineligible));
  lines.push(`done in ${formatDuration(s.elapsedMs)}`);
  if (failures.length > 0) lines.push("next: `engram status` shows every job; failed jobs are retried automatically after their backoff");
  else if (s.claimed === 0 && skips.length === 0) lines.push(nothingToExtract(s));
  return lines;
}

function formatUsd(v: number | null): string {
  if (v === null) return "unknown";
  return v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

export function renderDryRun(s: Phase1Summary): string[] {
  const entries = s.dryRun ?? [];
  const total = s.dryRunTotal;
  const lines = [`dry run: ${entries.length} session(s) would be extracted with ${total?.model ?? "?"} (nothing claimed, no model called)`];
  for (const e of entries) {
    const est = e.estimatedInputTokens === null ? `unreadable: ${e.error}` : `${e.chunks} chunk(s), ~${e.estimatedInputTokens} tokens in, cost ${formatUsd(e.estimatedCostUsd)}`;
    lines.push(`  ${e.threadId}  ${e.title.slice(0, 50)}  ${est}`);
  }
  for (const t of s.skippedThreads) lines.push(`  ${t.threadId}: ${SKIP_LABELS[t.reason] ?? t.reason}`);
  lines.push(...renderIneligible(s.ineligible));
  if (entries.length === 0 && s.skippedThreads.length === 0) lines.push(nothingToExtract(s));
  else if (total) {
    lines.push(
      `estimated total: ~${total.estimatedInputTokens} tokens in, ~${total.estimatedOutputTokens} out, cost ${formatUsd(total.estimatedCostUsd)}` +
        (total.estimatedCostUsd === null ? ` (no price for ${total.model})` : ""),
    );
  }
  return lines;
}

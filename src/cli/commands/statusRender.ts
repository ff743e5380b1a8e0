/** Text rendering of `engram status` (pure: the report in, lines out). */
import type { StatusReport } from "./status.js";
import { renderIneligible } from "./extract.js";

export function renderStatus(s: StatusReport): string[] {
  const t = s.threads;
  const f = s.files;
  const lines = [
    `home      ${s.home}`,
    `state DB  ${s.stateDb}${s.stateDbExists ? "" : " (not created yet)"}`,
    `logs DB   ${s.logsDb}`,
    `memory    ${s.memoryFolder.path}${s.memoryFolder.exists ? "" : " (not created yet: the first consolidation creates it)"}`,
    "",
    `threads   ${t.total} (${t.archived} archived, ${t.missing} missing)`,
  ];
  for (const b of t.bySource) lines.push(`  ${b.source || "(none)"}: ${b.count}`);
  lines.push(`files     ${f.total} (${f.missing} missing, ${f.withoutThread} without session_meta)`);
  lines.push(`bad lines ${f.badLines} in ${f.filesWithBadLines} file(s)`);
  if (t.total === 0) lines.push("          nothing indexed yet: run `engram update` (or `engram index`)");
  lines.push("", ...renderPhase1(s), "", ...renderConsolidation(s));
  return lines;
}

function renderPhase1(s: StatusReport): string[] {
  const p = s.phase1;
  const total = p.byOutcome.reduce((n, o) => n + o.count, 0);
  const lines = [
    `phase 1   ${total} job(s)${total ? ": " + p.byOutcome.map((o) => `${o.count} ${o.outcome === "none" ? "not finished yet" : o.outcome}`).join(", ") : ""}`,
  ];
  if (p.running || p.staleLeases) lines.push(`  running: ${p.running}${p.staleLeases ? `, ${p.staleLeases} interrupted (lease expired; the next run takes over)` : ""}`);
  if (p.failedRetrying || p.failedExhausted) {
    lines.push(`  failed: ${p.failedRetrying} will be retried, ${p.failedExhausted} out of retries (retried when the session changes)`);
    lines.push(`  error classes: ${p.byErrorClass.map((e) => `${e.errorClass} ${e.count}`).join(", ")}`);
  }
  const w = p.waiting;
  lines.push(
    `  waiting: ${w.ready} session(s) ready to extract, ${w.notIdleYet} not idle yet` +
      (w.nextIdleAt !== null ? `; next eligible ${when(w.nextIdleAt, s.now)}` : ""),
  );
  if (w.ready > 0) lines.push("  run `engram update` (or `engram extract`) to extract them");
  lines.push(...renderIneligible(p.excluded).map((l) => `  ${l}`));
  lines.push(`  memories: ${s.stage1Outputs} stage-1 output(s)`);
  if (p.recentFailures.length > 0) {
    lines.push("  recent failures:");
    for (const x of p.recentFailures) {
      const retry = x.retryRemaining <= 0 ? "retries exhausted: retried when the session changes" : x.retryAt !== null && x.retryAt > s.now ? `retry ${when(x.retryAt, s.now)}` : "retry on the next run";
      lines.push(`    ${x.threadId}  ${oneLine(x.title, 50) || "(no title)"}`);
      lines.push(`      ${x.errorClass ?? "unknown"}: ${oneLine(x.message ?? "", 160)} [${retry}]`);
    }
  }
  return lines;
}

function renderConsolidation(s: StatusReport): string[] {
  const c = s.consolidation;
  const commit = s.memoryFolder.lastConsolidationCommit;
  if (c.state === "never") return ["phase 2   never run (`engram update` consolidates once phase 1 has memories)"];
  const lines = [`phase 2   ${c.state}${c.lastFinishedAt !== null && c.state !== "running" ? `, ${when(c.lastFinishedAt, s.now)}` : ""}`];
  if (commit) lines.push(`  last commit: ${commit.sha.slice(0, 12)} ${commit.subject}`);
  if (c.lastError !== null) lines.push(`  last error: ${c.lastErrorClass ?? "unknown"}: ${oneLine(c.lastError, 160)}`);
  if (c.nextAllowedAt !== null) {
    const why = c.nextAllowedReason === "cooldown" ? "cooldown after a success" : c.nextAllowedReason === "retry_backoff" ? "retry delay after a failure" : "lease of the running consolidation";
    lines.push(`  next run allowed ${when(c.nextAllowedAt, s.now)} (${why}; --force skips the wait)`);
  } else {
    lines.push("  next run allowed now");
  }
  return lines;
}

/** Times closer than this to now read "just now" (a run that finished while status was starting). */
const JUST_NOW_SECONDS = 5;

/** `in 5 h, at 2026-11-23 11:44 UTC` / `3 min ago, at …`. */
export function when(t: number, now: number): string {
  const iso = new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const d = t - now;
  const rel = Math.abs(d) < JUST_NOW_SECONDS ? "just now" : d > 0 ? `in ${span(d)}` : `${span(-d)} ago`;
  return `${rel}, at ${iso}`;
}

function span(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

/** `engram status`: what engram knows (threads, files, jobs) and where its DBs are. */
import { getStatus, type EngramStatus } from "../../state/status.js";
import { engramHome } from "../../paths.js";
import { printJson, printLine } from "../output.js";

export async function runStatusCommand(opts: { json?: boolean }): Promise<number> {
  const status = getStatus(engramHome());
  if (opts.json) printJson(status);
  else for (const line of renderStatus(status)) printLine(line);
  return 0;
}

export function renderStatus(s: EngramStatus): string[] {
  const t = s.threads;
  const lines = [
    `home      ${s.home}`,
    `state DB  ${s.stateDb}`,
    `logs DB   ${s.logsDb}`,
    "",
    `threads   ${t.total} (${t.archived} archived, ${t.missing} missing)`,
  ];
  for (const b of t.bySource) lines.push(`  ${b.source || "(none)"}: ${b.count}`);
  const f = s.files;
  lines.push(`files     ${f.total} (${f.missing} missing, ${f.withoutThread} without session_meta)`);
  lines.push(`bad lines ${f.badLines} in ${f.filesWithBadLines} file(s)`);
  lines.push(`jobs      ${s.jobs.length === 0 ? "none" : ""}`.trimEnd());
  for (const j of s.jobs) lines.push(`  ${j.kind} ${j.status}: ${j.count}`);
  lines.push(`memories  ${s.stage1Outputs} stage-1 output(s)`);
  return lines;
}

/**
 * What a consolidation writes to engram's logs DB (target `phase2`): the claim, the agent's start
 * and end, each refused tool call, a crash repair, and how the run ended (commit, validation
 * failure, ownership loss…), so `engram logs`/feedback can say why memory did or did not change.
 * Failures and ownership loss are `warn` (also shown on stderr); the rest is `info`.
 */
import type { Logger } from "../log/logger.js";
import type { AgentLoopResult } from "./agent/loop.js";
import type { Phase2Event, Phase2Result } from "./run.js";
import { isFailedOutcome } from "./runSupport.js";

export function logPhase2Event(logger: Logger, e: Phase2Event): void {
  if (e.type === "turn") return;
  if (e.type === "tool") {
    if (!e.ok) logger.info(`phase 2: agent tool call ${e.name}${e.path !== undefined ? ` ${JSON.stringify(e.path)}` : ""} refused: ${e.error ?? "error"}`);
    return;
  }
  if (e.step === "repair") logger.warn(`phase 2: a previous consolidation crashed mid-agent; repaired the memory folder from snapshot ${e.detail ?? ""}`.trim());
  else if (e.step === "agent") logger.info("phase 2: consolidation agent started");
}

export function logClaimed(logger: Logger, token: string): void {
  logger.info(`phase 2: claimed the global consolidation job (ownership ${token.slice(0, 8)})`);
}

export function logAgentEnd(logger: Logger, r: AgentLoopResult): void {
  logger.info(`phase 2: consolidation agent ended (${r.stop.kind}) after ${r.turns} turn(s), ${r.toolCalls} tool call(s), ${r.usage.totalTokens} tokens`);
}

export function logPhase2Result(logger: Logger, r: Phase2Result): void {
  if (isFailedOutcome(r.outcome)) logger.warn(`phase 2: ${r.outcome}: ${r.reason ?? "no reason"}; the memory folder was restored`);
  else if (r.outcome === "ownership_lost") logger.warn(`phase 2: ownership_lost: ${r.reason ?? "another worker took over the job"}; nothing committed`);
  else if (r.outcome === "succeeded") logger.info(`phase 2: succeeded: committed ${r.commit ?? "(no commit)"} from ${r.selected} input(s), ${r.changes.length} workspace change(s)`);
  else logger.info(`phase 2: ${r.outcome}`);
}

/**
 * `runPhase2`: one consolidation of the memory folder (spec §3.2, §3.11–3.12; steps in README.md "Runner").
 *
 * 0. build the model client (API key, provider) → a config EngramError is thrown: no claim, no folder change
 * 1. claim the global job → skipped_* when not claimed
 * 2. prepare the workspace; repair a crashed run's partial writes from its snapshot; snapshot the pre-run folder → failed_prepare_workspace
 * 3. select inputs, compute the watermark → failed_load_inputs
 * 4. materialise inputs, prune old extension resources → failed_sync_inputs
 * 5. diff since the last consolidation commit (so reverts and user commits count); only engram's seeded
 *    files → succeeded_no_workspace_changes; no inputs and no user content → succeeded_no_input (folder
 *    put back as it was); neither calls the model → failed_workspace_diff
 * 6. write the diff file, snapshot the folder → failed_workspace_diff
 * 7. agent loop with heartbeats → failed_agent | ownership_lost
 * 8. validate → failed_validation (folder restored to the snapshot)
 * 9. confirm ownership, commit, mark done → failed_confirm_ownership | failed_commit | ownership_lost
 * Every failure after step 2 restores the folder to the pre-run snapshot (user edits stay; this run's
 * generated inputs and the agent's writes go), so no stray engram file is left behind.
 */
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { EngramConfig } from "../config/schema.js";
import type { LoadedConfig } from "../config/load.js";
import { openStateDb } from "../db/stateDb.js";
import type { Db } from "../db/open.js";
import { claimGlobalJob } from "../db/jobs/claimGlobalJob.js";
import { completeGlobalJob } from "../db/jobs/completeGlobalJob.js";
import { computeWatermark } from "../db/jobs/computeWatermark.js";
import { failGlobalJob } from "../db/jobs/failGlobalJob.js";
import { failGlobalJobIfUnowned } from "../db/jobs/failGlobalJobIfUnowned.js";
import { heartbeatJob } from "../db/jobs/heartbeatJob.js";
import { GLOBAL_JOB_KEY, JOB_KIND_GLOBAL } from "../db/jobs/constants.js";
import { selectPhase2Inputs } from "../db/stage1/selectPhase2Inputs.js";
import { errorMessage } from "../errors.js";
import { createModelClient, emptyUsage, type ModelClient, type Usage } from "../model/index.js";
import { createLogger, type Logger } from "../log/logger.js";
import { logAgentEnd, logClaimed, logPhase2Event, logPhase2Result } from "./runLog.js";
import { runAgentLoop, type AgentBudgets, type AgentEvent } from "./agent/loop.js";
import { renderConsolidationInput, renderConsolidationSystemPrompt } from "./prompts.js";
import {
  commitEmpty, commitMessageFromReply, consolidationMode, deleteSnapshotRef, listExtensions, readSnapshotRef, restoreQuietly, type Phase2Outcome,
} from "./runSupport.js";
import { validateWorkspace } from "./validate.js";
import { hasUserContent, triggeringChanges } from "./trigger.js";
import { diffSinceLastConsolidation } from "./baseDiff.js";
import {
  commitWorkspace, materialiseInputs, prepareWorkspace, pruneExtensionResources, removeWorkspaceDiffFile, repairFromSnapshot, restoreWorkspace,
  snapshotWorkspace, startTouchedJournal, touchedJournalPath, writeWorkspaceDiffFile, type WorkspaceChange,
} from "./workspace/index.js";

export type { Phase2Outcome } from "./runSupport.js";

export type Phase2Event =
  | { type: "step"; step: "claim" | "prepare" | "repair" | "select" | "sync" | "diff" | "agent" | "validate" | "commit"; detail?: string }
  | AgentEvent;

export interface Phase2Options {
  home: string;
  config: EngramConfig | LoadedConfig;
  /** Skip the success cooldown and a failure's backoff (a live lease is never skipped). */
  force?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: Phase2Event) => void;
  /** Unix seconds for claims, selection, pruning and job marks (tests). Default: the clock. */
  now?: number;
  /** Use this client instead of building one from the config. */
  client?: ModelClient;
  /** Environment for API keys (default process.env). */
  env?: Record<string, string | undefined>;
  budgets?: Partial<AgentBudgets>;
  /** Heartbeat interval; default `heartbeat_seconds` from the config. */
  heartbeatMs?: number;
  workerId?: string;
  /** Logger (target `phase2`); default: one on the logs DB of `home`, closed at the end. */
  logger?: Logger;
}

export interface Phase2Result {
  outcome: Phase2Outcome;
  commit?: string;
  selected: number;
  changes: WorkspaceChange[];
  usage: Usage;
  turns: number;
  toolCalls: number;
  elapsedMs: number;
  reason?: string;
  watermark?: number;
  memoryRoot: string;
}

class StepFailure extends Error {
  constructor(readonly outcome: Phase2Outcome, message: string) {
    super(message);
  }
}

/** Runs `fn`; any throw becomes a StepFailure with `outcome`. */
async function step<T>(outcome: Phase2Outcome, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    throw new StepFailure(outcome, errorMessage(e));
  }
}

export async function runPhase2(options: Phase2Options): Promise<Phase2Result> {
  const config = "config" in options.config ? options.config.config : options.config;
  const m = config.memories;
  const started = Date.now();
  const root = m.memory_root;
  // 0. a missing API key or unknown provider is a config error: thrown before anything is claimed or written
  const client = options.client ?? createModelClient(config, { role: "consolidate", ...(options.env ? { env: options.env } : {}) });
  const result: Phase2Result = { outcome: "succeeded", selected: 0, changes: [], usage: emptyUsage(), turns: 0, toolCalls: 0, elapsedMs: 0, memoryRoot: root };
  const logger = options.logger ?? createLogger({ home: options.home, target: "phase2", ...(options.env ? { env: options.env } : {}) });
  const emit = (e: Phase2Event) => {
    logPhase2Event(logger, e);
    options.onEvent?.(e);
  };
  const finish = (outcome: Phase2Outcome, extra: Partial<Phase2Result> = {}): Phase2Result => {
    Object.assign(result, extra, { outcome, elapsedMs: Date.now() - started });
    logPhase2Result(logger, result);
    return result;
  };

  const db = openStateDb(options.home);
  try {
    // 1. claim
    emit({ type: "step", step: "claim" });
    const claim = claimGlobalJob(db, {
      workerId: options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      leaseSeconds: m.lease_seconds,
      cooldownSeconds: m.phase2_cooldown_seconds,
      ...(options.force ? { force: true } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
    });
    if (claim.kind !== "claimed") return finish(claim.kind);
    const token = claim.ownershipToken;
    logClaimed(logger, token);
    let snapshot: string | undefined;
    try {
      return await consolidate(db, token, claim.inputWatermark, client, (s) => (snapshot = s));
    } catch (e) {
      const failure = e instanceof StepFailure ? e : new StepFailure("failed_agent", errorMessage(e));
      if (snapshot !== undefined) await restoreQuietly(root, snapshot);
      const params = { token, errorClass: failure.outcome, message: failure.message, retryDelaySeconds: m.retry_delay_seconds, ...(options.now !== undefined ? { now: options.now } : {}) };
      if (!failGlobalJob(db, params)) failGlobalJobIfUnowned(db, params);
      return finish(failure.outcome, { reason: failure.message });
    }
  } finally {
    db.close();
    if (options.logger) logger.flush();
    else logger.close();
  }

  async function consolidate(db: Db, token: string, claimedWatermark: number, client: ModelClient, setPreRun: (s: string) => void): Promise<Phase2Result> {
    // 2. prepare + repair + pre-run snapshot
    emit({ type: "step", step: "prepare" });
    const preRun = await step("failed_prepare_workspace", async () => {
      await prepareWorkspace(root);
      const crashed = await readSnapshotRef(root);
      if (crashed !== null) {
        const touched = await repairFromSnapshot(root, crashed);
        emit({ type: "step", step: "repair", detail: `${crashed.slice(0, 12)}: ${touched === null ? "whole folder" : `${touched.length} path(s) the crashed agent touched`}` });
        await deleteSnapshotRef(root);
      }
      return snapshotWorkspace(root);
    });
    setPreRun(preRun);
    // 3. select
    emit({ type: "step", step: "select" });
    const selected = await step("failed_load_inputs", () =>
      selectPhase2Inputs(db, { maxInputs: m.max_raw_memories_for_consolidation, maxUnusedDays: m.max_unused_days, ...(options.now !== undefined ? { now: options.now } : {}) }),
    );
    const watermark = computeWatermark(claimedWatermark, selected);
    const snapshots = selected.map((s) => ({ threadId: s.threadId, sourceUpdatedAt: s.sourceUpdatedAt }));
    Object.assign(result, { selected: selected.length, watermark });
    // 4. sync inputs
    emit({ type: "step", step: "sync" });
    const pruned = await step("failed_sync_inputs", () => {
      materialiseInputs(root, selected);
      return pruneExtensionResources(root, options.now ?? Math.floor(Date.now() / 1000));
    });
    // 5. diff
    emit({ type: "step", step: "diff" });
    const diff = await step("failed_workspace_diff", () => diffSinceLastConsolidation(root));
    result.changes = diff.changes;
    const idle = triggeringChanges(root, diff.changes).length === 0 ? "succeeded_no_workspace_changes" : selected.length === 0 && !hasUserContent(root) ? "succeeded_no_input" : null;
    if (idle !== null) {
      await step("failed_workspace_diff", () => (idle === "succeeded_no_input" ? restoreWorkspace(root, { snapshot: preRun }) : undefined));
      await deleteSnapshotRef(root);
      const marked = completeGlobalJob(db, { token, completedWatermark: watermark, selected: snapshots, outcome: idle, ...(options.now !== undefined ? { now: options.now } : {}) });
      return finish(marked ? idle : "ownership_lost", { changes: [] }); // nothing the agent would have been shown
    }
    // 6. diff file + snapshot
    const agentSnapshot = await step("failed_workspace_diff", async () => {
      writeWorkspaceDiffFile(root, diff);
      const sha = await snapshotWorkspace(root);
      startTouchedJournal(root);
      return sha;
    });
    // 7. agent
    emit({ type: "step", step: "agent" });
    const agent = await withHeartbeat(db, token, (signal) =>
      runAgentLoop({
        client,
        root,
        instructions: renderConsolidationSystemPrompt(m.summary_token_limit),
        firstMessage: renderConsolidationInput({
          mode: consolidationMode(root),
          selectedCount: selected.length,
          changeCount: diff.changes.length,
          extensions: listExtensions(root),
          prunedResources: pruned.map((p) => `extensions/${p.extension}/${p.resource}`),
        }),
        reasoningEffort: m.consolidation_reasoning_effort,
        ...(options.budgets ? { budgets: options.budgets } : {}),
        signal,
        onEvent: emit,
        touchedJournal: touchedJournalPath(root),
      }),
    );
    logAgentEnd(logger, agent.result);
    Object.assign(result, { usage: agent.result.usage, turns: agent.result.turns, toolCalls: agent.result.toolCalls });
    if (agent.ownershipLost) {
      await restoreQuietly(root, preRun);
      return finish("ownership_lost", { reason: "lost global phase-2 ownership during heartbeat" });
    }
    const stop = agent.result.stop;
    if (agent.heartbeatError !== undefined) throw new StepFailure("failed_agent", `phase-2 heartbeat update failed: ${agent.heartbeatError}`);
    if (stop.kind !== "completed") {
      const reason = stop.kind === "model_error" ? `model error ${stop.errorClass}: ${stop.reason}` : `${stop.kind}: ${stop.reason}`;
      throw new StepFailure("failed_agent", reason);
    }
    // 8. validate
    emit({ type: "step", step: "validate" });
    const problems = await step("failed_validation", () => validateWorkspace(root, agentSnapshot, m.summary_token_limit));
    if (problems.length > 0) throw new StepFailure("failed_validation", problems.join("; "));
    // 9. confirm ownership, commit, mark
    emit({ type: "step", step: "commit" });
    const owned = await step("failed_confirm_ownership", () => heartbeat(db, token));
    if (!owned) {
      await restoreQuietly(root, preRun);
      return finish("ownership_lost", { reason: "lost global phase-2 ownership before the commit" });
    }
    const commit = await step("failed_commit", async () => {
      removeWorkspaceDiffFile(root);
      const message = {
        message: commitMessageFromReply(stop.finalMessage),
        trailers: { "Engram-Job": token, "Engram-Inputs": String(selected.length), "Engram-Watermark": String(watermark), "Engram-Model": client.model },
      };
      const sha = await commitWorkspace(root, message);
      await deleteSnapshotRef(root);
      return sha ?? (await commitEmpty(root, message));
    });
    const marked = completeGlobalJob(db, { token, completedWatermark: watermark, selected: snapshots, outcome: "succeeded", ...(options.now !== undefined ? { now: options.now } : {}) });
    return finish(marked ? "succeeded" : "ownership_lost", commit ? { commit } : {});
  }

  function heartbeat(db: Db, token: string): boolean {
    return heartbeatJob(db, { kind: JOB_KIND_GLOBAL, jobKey: GLOBAL_JOB_KEY, token, leaseSeconds: m.lease_seconds });
  }

  /** Runs `fn` while heartbeating; a lost lease or a failed heartbeat aborts it. */
  async function withHeartbeat<T>(db: Db, token: string, fn: (signal: AbortSignal) => Promise<T>) {
    const controller = new AbortController();
    let ownershipLost = false;
    let heartbeatError: string | undefined;
    const timer = setInterval(() => {
      try {
        if (!heartbeat(db, token)) {
          ownershipLost = true;
          controller.abort(new Error("lost global phase-2 ownership during heartbeat"));
        }
      } catch (e) {
        heartbeatError = errorMessage(e);
        controller.abort(new Error(`phase-2 heartbeat update failed: ${heartbeatError}`));
      }
    }, options.heartbeatMs ?? m.heartbeat_seconds * 1000);
    const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
    try {
      const value = await fn(signal);
      return { result: value as Awaited<T> & Awaited<ReturnType<typeof runAgentLoop>>, ownershipLost, heartbeatError };
    } finally {
      clearInterval(timer);
    }
  }
}

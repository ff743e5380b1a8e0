/**
 * The consolidation agent loop: one conversation with the model, whose tool calls run against the
 * memory folder through a `ToolSession`.
 *
 * 1. turn(instructions, messages, tools) with an AbortSignal (stop reasons below abort it).
 * 2. Append the turn's items; no tool calls → done, the reply is the final report.
 * 3. Otherwise run each call with `runTool` (never throws; a refusal goes back to the model as
 *    text), append one tool result per call, and go to 1.
 * Budgets (turns, total tokens, wall time) end the loop with `{kind: "budget"}`; an abort by the
 * caller (ownership lost, Ctrl-C) with `{kind: "aborted"}`; a model error with `{kind: "model_error"}`.
 */
import { addUsage, emptyUsage, toolResult, type ConversationItem, type FunctionTool, type ModelClient, type Usage } from "../../model/index.js";
import type { ReasoningEffort } from "../../config/schema.js";
import { runTool, TOOL_DEFINITIONS, ToolSession } from "../tools/index.js";
import { AGENT_MAX_TOTAL_TOKENS, AGENT_MAX_TURNS, AGENT_MAX_WALL_MS, AGENT_TOOL_OUTPUT_MAX_CHARS } from "../constants.js";
import { redactSecrets } from "../../redact/redact.js";

export interface AgentBudgets {
  maxTurns: number;
  maxTotalTokens: number;
  maxWallMs: number;
}

export const DEFAULT_AGENT_BUDGETS: AgentBudgets = {
  maxTurns: AGENT_MAX_TURNS,
  maxTotalTokens: AGENT_MAX_TOTAL_TOKENS,
  maxWallMs: AGENT_MAX_WALL_MS,
};

export type AgentEvent =
  | { type: "turn"; turn: number; usage: Usage }
  | { type: "tool"; turn: number; name: string; ok: boolean; path?: string; error?: string };

export interface AgentLoopOptions {
  client: ModelClient;
  root: string;
  instructions: string;
  firstMessage: string;
  reasoningEffort?: ReasoningEffort;
  budgets?: Partial<AgentBudgets>;
  /** Aborting it stops the loop (and the model request in flight). */
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
  /** Journal of the paths the tools are about to change (`ToolSessionOptions.touchedJournal`). */
  touchedJournal?: string;
}

export type AgentStop =
  | { kind: "completed"; finalMessage: string }
  | { kind: "budget"; reason: string }
  | { kind: "aborted"; reason: string }
  | { kind: "model_error"; errorClass: string; reason: string };

export interface AgentLoopResult {
  stop: AgentStop;
  turns: number;
  toolCalls: number;
  usage: Usage;
  elapsedMs: number;
}

export const AGENT_FUNCTION_TOOLS: FunctionTool[] = TOOL_DEFINITIONS.map((d) => ({
  name: d.name,
  description: d.description,
  parameters: d.parameters as unknown as Record<string, unknown>,
}));


/**
 * What one tool call sends back to the model: redacted (the folder can hold text engram did not write,
 * such as a MEMORY.md or a note edited by hand, and the diff file quotes it), and cut so one call
 * cannot flood the context.
 */
export function toolOutputText(result: { ok: true; output: string } | { ok: false; error: string }): string {
  const text = redactSecrets(result.ok ? result.output : `error: ${result.error}`);
  if (text.length <= AGENT_TOOL_OUTPUT_MAX_CHARS) return text;
  return `${text.slice(0, AGENT_TOOL_OUTPUT_MAX_CHARS)}\n[output truncated at ${AGENT_TOOL_OUTPUT_MAX_CHARS} characters]`;
}

function pathArg(argsJson: string): string | undefined {
  try {
    const p = (JSON.parse(argsJson) as { path?: unknown }).path;
    return typeof p === "string" ? p : undefined;
  } catch {
    return undefined;
  }
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === "string" ? r : "aborted";
}

export async function runAgentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const budgets = { ...DEFAULT_AGENT_BUDGETS, ...(options.budgets ?? {}) };
  const started = Date.now();
  const session = new ToolSession(options.root, options.touchedJournal !== undefined ? { touchedJournal: options.touchedJournal } : {});
  const messages: ConversationItem[] = [{ type: "user", text: options.firstMessage }];
  const wall = new AbortController();
  const wallTimer = setTimeout(() => wall.abort(new Error(`wall-time budget of ${budgets.maxWallMs} ms exceeded`)), budgets.maxWallMs);
  const signals = [wall.signal, ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  let usage = emptyUsage();
  let turns = 0;
  let toolCalls = 0;
  const done = (stop: AgentStop): AgentLoopResult => ({ stop, turns, toolCalls, usage, elapsedMs: Date.now() - started });
  const stopForSignal = (): AgentLoopResult =>
    wall.signal.aborted ? done({ kind: "budget", reason: reasonOf(wall.signal) }) : done({ kind: "aborted", reason: reasonOf(options.signal!) });

  try {
    for (;;) {
      if (signal.aborted) return stopForSignal();
      if (turns >= budgets.maxTurns) return done({ kind: "budget", reason: `turn budget of ${budgets.maxTurns} turns used up before the agent finished` });
      let result;
      try {
        result = await options.client.turn({
          instructions: options.instructions,
          messages,
          tools: AGENT_FUNCTION_TOOLS,
          ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
          signal,
        });
      } catch (error) {
        if (signal.aborted) return stopForSignal();
        const err = error instanceof Error ? error : new Error(String(error));
        const kind = (err as { kind?: unknown }).kind;
        return done({ kind: "model_error", errorClass: typeof kind === "string" ? `${err.name}:${kind}` : err.name, reason: err.message });
      }
      turns++;
      usage = addUsage(usage, result.usage);
      options.onEvent?.({ type: "turn", turn: turns, usage: result.usage });
      messages.push(...result.items);
      if (result.toolCalls.length === 0) return done({ kind: "completed", finalMessage: result.message ?? "" });
      for (const call of result.toolCalls) {
        // A call that arrives after an abort is not run: the folder must stop changing.
        if (signal.aborted) return stopForSignal();
        const r = runTool(session, call.name, call.arguments);
        toolCalls++;
        const p = pathArg(call.arguments);
        options.onEvent?.({ type: "tool", turn: turns, name: call.name, ok: r.ok, ...(p !== undefined ? { path: p } : {}), ...(r.ok ? {} : { error: r.error }) });
        messages.push(toolResult(call.id, toolOutputText(r)));
      }
      if (usage.totalTokens > budgets.maxTotalTokens) {
        return done({ kind: "budget", reason: `token budget of ${budgets.maxTotalTokens} tokens exceeded (${usage.totalTokens} used)` });
      }
    }
  } finally {
    clearTimeout(wallTimer);
  }
}

/** The model-client contract shared by both wire protocols (Responses API and Chat Completions). */
import type { ReasoningEffort } from "../config/schema.js";

export interface Usage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

/** One item of a multi-turn conversation, mapped to each wire format by the client. */
export type ConversationItem =
  | { type: "user"; text: string }
  | { type: "assistant"; text: string }
  | { type: "tool_call"; id: string; name: string; arguments: string }
  | { type: "tool_result"; callId: string; output: string };

export interface FunctionTool {
  name: string;
  description: string;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** Strict schema adherence (every property required, additionalProperties false). Default false. */
  strict?: boolean;
}

export interface OutputSchema {
  name: string;
  /** A strict JSON schema (every property required, additionalProperties false). */
  schema: Record<string, unknown>;
}

export interface CompleteRequest {
  instructions: string;
  input: string | ConversationItem[];
  outputSchema?: OutputSchema;
  reasoningEffort?: ReasoningEffort;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface CompleteResult {
  text: string;
  usage: Usage;
}

export interface TurnRequest {
  instructions: string;
  messages: ConversationItem[];
  tools: FunctionTool[];
  reasoningEffort?: ReasoningEffort;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface TurnResult {
  message?: string;
  toolCalls: ToolCall[];
  usage: Usage;
  /** The assistant's output as conversation items: append these, then one tool_result per call. */
  items: ConversationItem[];
}

export interface ModelClient {
  readonly model: string;
  readonly providerId: string;
  readonly wireApi: "responses" | "chat";
  /** Tokens the model accepts, from models.ts or `[models.<name>] context_window`; undefined if unknown. */
  readonly contextWindow: number | undefined;
  complete(request: CompleteRequest): Promise<CompleteResult>;
  turn(request: TurnRequest): Promise<TurnResult>;
}

/** One request/response on the wire, before retries; used by both protocol adapters. */
export interface WireRequest {
  model: string;
  instructions: string;
  items: ConversationItem[];
  tools: FunctionTool[];
  outputSchema?: OutputSchema;
  reasoningEffort?: ReasoningEffort;
  maxOutputTokens?: number;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, totalTokens: 0 };
}

/** The sum of two usages (a new object). */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

export function toolResult(callId: string, output: string): ConversationItem {
  return { type: "tool_result", callId, output };
}

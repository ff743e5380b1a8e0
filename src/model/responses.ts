/** One attempt over the Responses API (POST /responses), streaming SSE or plain JSON. */
import type OpenAI from "openai";
import { ContextLengthExceededError, ModelError, isContextLengthError } from "./errors.js";
import { withIdleTimeout } from "./retry.js";
import { emptyUsage, type ConversationItem, type ToolCall, type TurnResult, type Usage, type WireRequest } from "./types.js";

type Json = Record<string, any>;

export function responsesBody(req: WireRequest, stream: boolean): Json {
  return {
    model: req.model,
    instructions: req.instructions,
    input: req.items.map(toResponsesItem),
    stream,
    store: false,
    ...(req.tools.length > 0
      ? {
          tools: req.tools.map((t) => ({ type: "function", name: t.name, description: t.description, parameters: t.parameters, strict: t.strict ?? false })),
          tool_choice: "auto",
          parallel_tool_calls: true,
        }
      : {}),
    ...(req.outputSchema
      ? { text: { format: { type: "json_schema", name: req.outputSchema.name, schema: req.outputSchema.schema, strict: true } } }
      : {}),
    ...(req.reasoningEffort ? { reasoning: { effort: req.reasoningEffort } } : {}),
    ...(req.maxOutputTokens ? { max_output_tokens: req.maxOutputTokens } : {}),
  };
}

function toResponsesItem(item: ConversationItem): Json {
  switch (item.type) {
    case "user":
      return { type: "message", role: "user", content: [{ type: "input_text", text: item.text }] };
    case "assistant":
      return { type: "message", role: "assistant", content: [{ type: "output_text", text: item.text }] };
    case "tool_call":
      return { type: "function_call", call_id: item.id, name: item.name, arguments: item.arguments };
    case "tool_result":
      return { type: "function_call_output", call_id: item.callId, output: item.output };
  }
}

export function responsesUsage(u: Json | undefined | null): Usage {
  if (!u) return emptyUsage();
  return {
    inputTokens: u.input_tokens ?? 0,
    cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    reasoningTokens: u.output_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: u.total_tokens ?? (u.input_tokens ?? 0) + (u.output_tokens ?? 0),
  };
}

function failure(error: Json | undefined, what: string): ModelError {
  const message = typeof error?.message === "string" ? error.message : `${what} without details`;
  if (isContextLengthError(error?.code, message)) return new ContextLengthExceededError(message);
  if (error?.code === "rate_limit_exceeded") return new ModelError("rate_limited", message, { retryable: true, phase: "stream" });
  if (error?.code === "invalid_prompt" || error?.code === "invalid_request_error") return new ModelError("bad_request", message);
  return new ModelError("server_error", `${what}: ${message}`, { retryable: true, phase: "stream" });
}

/** Folds output items (from output_item.done events or a plain response) into a TurnResult. */
function fromOutput(output: Json[], deltaText: string, usage: Usage): TurnResult {
  const toolCalls: ToolCall[] = [];
  let messageText = "";
  for (const item of output) {
    if (item?.type === "function_call") {
      toolCalls.push({ id: String(item.call_id ?? item.id), name: String(item.name), arguments: String(item.arguments ?? "") });
    } else if (item?.type === "message" && Array.isArray(item.content)) {
      for (const part of item.content) if (part?.type === "output_text") messageText += part.text ?? "";
    } else if (item !== null && typeof item === "object" && typeof item.type !== "string") {
      throw new ModelError("invalid_response", "response output item has no type");
    }
  }
  const text = deltaText.length > 0 ? deltaText : messageText;
  const items: ConversationItem[] = [];
  if (text) items.push({ type: "assistant", text });
  for (const c of toolCalls) items.push({ type: "tool_call", ...c });
  return { ...(text ? { message: text } : {}), toolCalls, usage, items };
}

export async function responsesAttempt(
  client: OpenAI, req: WireRequest, opts: { stream: boolean; idleMs: number; signal?: AbortSignal },
): Promise<TurnResult> {
  const body = responsesBody(req, opts.stream);
  return withIdleTimeout(opts.idleMs, opts.signal, async (signal, touch) => {
    if (!opts.stream) {
      const response = (await client.responses.create(body as any, { signal })) as unknown as Json;
      if (!response || typeof response !== "object" || !Array.isArray(response.output)) {
        throw new ModelError("invalid_response", "Responses API reply has no output array");
      }
      if (response.status === "failed") throw failure(response.error, "response failed");
      return fromOutput(response.output, "", responsesUsage(response.usage));
    }
    const stream = (await client.responses.create(body as any, { signal })) as unknown as AsyncIterable<Json>;
    let deltaText = "";
    const doneItems: Json[] = [];
    for await (const event of stream) {
      touch();
      switch (event?.type) {
        case "response.output_text.delta":
          deltaText += event.delta ?? "";
          break;
        case "response.output_item.done":
          doneItems.push(event.item);
          break;
        case "response.failed":
          throw failure(event.response?.error, "response failed");
        case "response.incomplete":
          throw new ModelError("invalid_response", `response incomplete: ${event.response?.incomplete_details?.reason ?? "unknown reason"}`);
        case "error":
          throw failure(event, "stream error");
        case "response.completed": {
          const output = doneItems.length > 0 ? doneItems : (event.response?.output ?? []);
          return fromOutput(output, deltaText, responsesUsage(event.response?.usage));
        }
        default:
          if (typeof event?.type !== "string") throw new ModelError("invalid_response", "SSE event without a type");
      }
    }
    throw new ModelError("connection", "stream closed before response.completed", { retryable: true, phase: "stream" });
  });
}

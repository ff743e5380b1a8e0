/** One attempt over Chat Completions (POST /chat/completions), streaming (with a usage chunk) or plain JSON. */
import type OpenAI from "openai";
import { ContextLengthExceededError, ModelError, isContextLengthError } from "./errors.js";
import { withIdleTimeout } from "./retry.js";
import { emptyUsage, type ConversationItem, type ToolCall, type TurnResult, type Usage, type WireRequest } from "./types.js";

type Json = Record<string, any>;

/** Consecutive assistant text + tool calls become one assistant message, as Chat Completions expects. */
export function chatMessages(instructions: string, items: ConversationItem[]): Json[] {
  const messages: Json[] = [{ role: "system", content: instructions }];
  for (const item of items) {
    const last = messages.at(-1)!;
    switch (item.type) {
      case "user":
        messages.push({ role: "user", content: item.text });
        break;
      case "assistant":
        messages.push({ role: "assistant", content: item.text });
        break;
      case "tool_call": {
        const call = { id: item.id, type: "function", function: { name: item.name, arguments: item.arguments } };
        if (last.role === "assistant") (last.tool_calls ??= []).push(call);
        else messages.push({ role: "assistant", content: null, tool_calls: [call] });
        break;
      }
      case "tool_result":
        messages.push({ role: "tool", tool_call_id: item.callId, content: item.output });
        break;
    }
  }
  return messages;
}

export function chatBody(req: WireRequest, stream: boolean): Json {
  return {
    model: req.model,
    messages: chatMessages(req.instructions, req.items),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    ...(req.tools.length > 0
      ? {
          tools: req.tools.map((t) => ({
            type: "function",
            function: { name: t.name, description: t.description, parameters: t.parameters, strict: t.strict ?? false },
          })),
          tool_choice: "auto",
        }
      : {}),
    ...(req.outputSchema
      ? { response_format: { type: "json_schema", json_schema: { name: req.outputSchema.name, schema: req.outputSchema.schema, strict: true } } }
      : {}),
    ...(req.reasoningEffort ? { reasoning_effort: req.reasoningEffort } : {}),
    ...(req.maxOutputTokens ? { max_completion_tokens: req.maxOutputTokens } : {}),
  };
}

export function chatUsage(u: Json | undefined | null): Usage {
  if (!u) return emptyUsage();
  return {
    inputTokens: u.prompt_tokens ?? 0,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: u.completion_tokens ?? 0,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: u.total_tokens ?? (u.prompt_tokens ?? 0) + (u.completion_tokens ?? 0),
  };
}

function result(text: string, toolCalls: ToolCall[], usage: Usage, finishReason: string | null | undefined): TurnResult {
  if (finishReason === "length" && toolCalls.length === 0) {
    throw new ModelError("invalid_response", "the model stopped at its output token limit (finish_reason length)");
  }
  const items: ConversationItem[] = [];
  if (text) items.push({ type: "assistant", text });
  for (const c of toolCalls) items.push({ type: "tool_call", ...c });
  return { ...(text ? { message: text } : {}), toolCalls, usage, items };
}

function streamFailure(error: Json): ModelError {
  const message = typeof error?.message === "string" ? error.message : "stream error without details";
  if (isContextLengthError(error?.code, message)) return new ContextLengthExceededError(message);
  return new ModelError("server_error", `stream error: ${message}`, { retryable: true, phase: "stream" });
}

export async function chatAttempt(
  client: OpenAI, req: WireRequest, opts: { stream: boolean; idleMs: number; signal?: AbortSignal },
): Promise<TurnResult> {
  const body = chatBody(req, opts.stream);
  return withIdleTimeout(opts.idleMs, opts.signal, async (signal, touch) => {
    if (!opts.stream) {
      const completion = (await client.chat.completions.create(body as any, { signal })) as unknown as Json;
      const choice = completion?.choices?.[0];
      if (!choice?.message) throw new ModelError("invalid_response", "Chat Completions reply has no choices[0].message");
      const calls: ToolCall[] = (choice.message.tool_calls ?? []).map((c: Json) => ({
        id: String(c.id), name: String(c.function?.name), arguments: String(c.function?.arguments ?? ""),
      }));
      return result(choice.message.content ?? "", calls, chatUsage(completion.usage), choice.finish_reason);
    }
    const stream = (await client.chat.completions.create(body as any, { signal })) as unknown as AsyncIterable<Json>;
    let text = "";
    let finishReason: string | undefined;
    let usage = emptyUsage();
    const calls = new Map<number, ToolCall>();
    for await (const chunk of stream) {
      touch();
      if (chunk?.error) throw streamFailure(chunk.error);
      if (!Array.isArray(chunk?.choices)) throw new ModelError("invalid_response", "chat chunk has no choices array");
      if (chunk.usage) usage = chatUsage(chunk.usage);
      for (const choice of chunk.choices) {
        const delta = choice.delta ?? {};
        if (typeof delta.content === "string") text += delta.content;
        for (const tc of delta.tool_calls ?? []) {
          const index = typeof tc.index === "number" ? tc.index : calls.size;
          const call = calls.get(index) ?? { id: "", name: "", arguments: "" };
          if (tc.id) call.id = tc.id;
          if (tc.function?.name) call.name += tc.function.name;
          if (tc.function?.arguments) call.arguments += tc.function.arguments;
          calls.set(index, call);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    }
    if (finishReason === undefined) {
      throw new ModelError("connection", "stream closed before a finish_reason", { retryable: true, phase: "stream" });
    }
    return result(text, [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c), usage, finishReason);
  });
}

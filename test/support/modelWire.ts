/** What the loopback model server sends: event sequences and bodies for both wire protocols. */

export interface ScriptUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}
export const DEFAULT_USAGE: ScriptUsage = { input: 100, cached: 20, output: 30, reasoning: 5 };

export interface ScriptToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** A reply's content once resolved: optional text and tool calls. */
export interface Content {
  text?: string;
  calls: { id: string; name: string; arguments: string }[];
  usage: ScriptUsage;
}

/** Splits text into up to 3 deltas so clients must concatenate. */
export function pieces(text: string): string[] {
  if (text.length < 3) return [text];
  const a = Math.floor(text.length / 3);
  return [text.slice(0, a), text.slice(a, 2 * a), text.slice(2 * a)];
}

function responsesUsage(u: ScriptUsage) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

function chatUsage(u: ScriptUsage) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

function responsesOutput(c: Content): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (c.text !== undefined) {
    out.push({ type: "message", id: "msg_1", status: "completed", role: "assistant", content: [{ type: "output_text", text: c.text, annotations: [] }] });
  }
  c.calls.forEach((call, i) => out.push({ type: "function_call", id: `fc_${i}`, call_id: call.id, name: call.name, arguments: call.arguments, status: "completed" }));
  return out;
}

export function responsesJson(c: Content): Record<string, unknown> {
  return { id: "resp_1", object: "response", status: "completed", output: responsesOutput(c), usage: responsesUsage(c.usage) };
}

/** The SSE event sequence Codex 0.169 expects (codex-0.169-observed.md), as `[eventName, data]` pairs. */
export function responsesEvents(c: Content): [string, Record<string, unknown>][] {
  const events: [string, Record<string, unknown>][] = [];
  const push = (type: string, data: Record<string, unknown>) => events.push([type, { type, sequence_number: events.length, ...data }]);
  push("response.created", { response: { id: "resp_1", object: "response", status: "in_progress", output: [] } });
  const output = responsesOutput(c);
  let index = 0;
  if (c.text !== undefined) {
    const item = output[index]!;
    push("response.output_item.added", { output_index: index, item: { ...item, status: "in_progress", content: [] } });
    push("response.content_part.added", { output_index: index, item_id: "msg_1", content_index: 0, part: { type: "output_text", text: "" } });
    for (const delta of pieces(c.text)) push("response.output_text.delta", { output_index: index, item_id: "msg_1", content_index: 0, delta });
    push("response.output_text.done", { output_index: index, item_id: "msg_1", content_index: 0, text: c.text });
    push("response.content_part.done", { output_index: index, item_id: "msg_1", content_index: 0, part: { type: "output_text", text: c.text } });
    push("response.output_item.done", { output_index: index, item });
    index++;
  }
  for (const call of c.calls) {
    const item = output[index]!;
    push("response.output_item.added", { output_index: index, item: { ...item, arguments: "", status: "in_progress" } });
    for (const delta of pieces(call.arguments)) push("response.function_call_arguments.delta", { output_index: index, item_id: item.id, delta });
    push("response.function_call_arguments.done", { output_index: index, item_id: item.id, arguments: call.arguments });
    push("response.output_item.done", { output_index: index, item });
    index++;
  }
  push("response.completed", { response: { ...responsesJson(c) } });
  return events;
}

export function chatJson(c: Content): Record<string, unknown> {
  const toolCalls = c.calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
  return {
    id: "chatcmpl_1",
    object: "chat.completion",
    created: 0,
    model: "scripted",
    choices: [{
      index: 0,
      message: { role: "assistant", content: c.text ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
      finish_reason: toolCalls.length ? "tool_calls" : "stop",
    }],
    usage: chatUsage(c.usage),
  };
}

/** Chat chunks: role, content deltas, tool-call deltas, finish, then a usage chunk (choices empty). `[DONE]` is added by the server. */
export function chatChunks(c: Content): Record<string, unknown>[] {
  const base = { id: "chatcmpl_1", object: "chat.completion.chunk", created: 0, model: "scripted" };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const chunks: Record<string, unknown>[] = [chunk({ role: "assistant", content: "" })];
  if (c.text !== undefined) for (const p of pieces(c.text)) chunks.push(chunk({ content: p }));
  c.calls.forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }));
    for (const p of pieces(call.arguments)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  chunks.push(chunk({}, c.calls.length ? "tool_calls" : "stop"));
  chunks.push({ ...base, choices: [], usage: chatUsage(c.usage) });
  return chunks;
}

/** Each protocol's real context-window error body. */
export const CONTEXT_LENGTH_ERRORS = {
  responses: {
    error: {
      message: "Your input exceeds the context window of this model. Please adjust your input and try again.",
      type: "invalid_request_error",
      param: "input",
      code: "context_length_exceeded",
    },
  },
  chat: {
    error: {
      message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
    },
  },
} as const;

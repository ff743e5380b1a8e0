/**
 * A loopback model server for tests and benchmarks: a real HTTP server on 127.0.0.1 (random port)
 * speaking POST /v1/responses and POST /v1/chat/completions, streaming (SSE) and plain JSON.
 * Each request takes the next reply from a scripted queue (or a function of the request) and is recorded.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  CONTEXT_LENGTH_ERRORS, DEFAULT_USAGE, chatChunks, chatJson, responsesEvents, responsesJson,
  type Content, type ScriptToolCall, type ScriptUsage,
} from "./modelWire.js";

export type { ScriptToolCall, ScriptUsage } from "./modelWire.js";

interface Timing {
  /** Wait before sending anything. */
  delayMs?: number;
  /** Wait between stream events. */
  chunkDelayMs?: number;
}

export type Reply =
  | ({ kind: "text"; text: string; usage?: Partial<ScriptUsage> } & Timing)
  | ({ kind: "json"; value: unknown; usage?: Partial<ScriptUsage> } & Timing)
  | ({ kind: "tool_calls"; calls: ScriptToolCall[]; text?: string; usage?: Partial<ScriptUsage> } & Timing)
  | ({ kind: "rate_limited"; retryAfter?: string } & Timing)
  | ({ kind: "server_error"; status?: number } & Timing)
  | ({ kind: "bad_request"; message?: string } & Timing)
  /** Streams `afterEvents` events of a text reply, then destroys the socket. */
  | ({ kind: "cut"; afterEvents: number; text?: string } & Timing)
  /** Never responds. */
  | { kind: "hang" }
  /** Plain: a body that is not JSON; streaming: an SSE event whose data is not JSON. */
  | ({ kind: "invalid_json" } & Timing)
  | ({ kind: "context_length" } & Timing);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** ms since the server started, when the request arrived. */
  atMs: number;
}

export type Script = Reply[] | ((request: RecordedRequest, index: number) => Reply);

export interface ModelServer {
  /** Base URL ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  setScript(script: Script): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function content(reply: Reply & { kind: "text" | "json" | "tool_calls" }): Content {
  const usage = { ...DEFAULT_USAGE, ...(reply.usage ?? {}) };
  if (reply.kind === "text") return { text: reply.text, calls: [], usage };
  if (reply.kind === "json") return { text: JSON.stringify(reply.value), calls: [], usage };
  return {
    ...(reply.text !== undefined ? { text: reply.text } : {}),
    calls: reply.calls.map((c, i) => ({
      id: c.id ?? `call_${i + 1}`,
      name: c.name,
      arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
    })),
    usage,
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** SSE frames for a content reply on either protocol. */
function frames(protocol: "responses" | "chat", c: Content): string[] {
  if (protocol === "responses") return responsesEvents(c).map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  return [...chatChunks(c).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), "data: [DONE]\n\n"];
}

async function writeFrames(res: http.ServerResponse, list: string[], chunkDelayMs = 0): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const frame of list) {
    if (res.destroyed) return;
    res.write(frame);
    if (chunkDelayMs > 0) await sleep(chunkDelayMs);
  }
}

async function respond(reply: Reply, protocol: "responses" | "chat", stream: boolean, res: http.ServerResponse): Promise<void> {
  if (reply.kind === "hang") return;
  if (reply.delayMs) await sleep(reply.delayMs);
  switch (reply.kind) {
    case "text":
    case "json":
    case "tool_calls": {
      const c = content(reply);
      if (!stream) return sendJson(res, 200, protocol === "responses" ? responsesJson(c) : chatJson(c));
      await writeFrames(res, frames(protocol, c), reply.chunkDelayMs);
      return void res.end();
    }
    case "rate_limited":
      return sendJson(res, 429, { error: { message: "Rate limit reached. Please try again later.", type: "requests", code: "rate_limit_exceeded" } },
        reply.retryAfter !== undefined ? { "retry-after": reply.retryAfter } : {});
    case "server_error":
      return sendJson(res, reply.status ?? 500, { error: { message: "The server had an error while processing your request.", type: "server_error" } });
    case "bad_request":
      return sendJson(res, 400, { error: { message: reply.message ?? "Invalid value for 'model'.", type: "invalid_request_error", code: "invalid_value" } });
    case "context_length":
      if (protocol === "responses" && stream) {
        // Codex sees this over SSE as a response.failed event.
        const failed = { type: "response.failed", response: { id: "resp_1", status: "failed", output: [], error: CONTEXT_LENGTH_ERRORS.responses.error } };
        await writeFrames(res, [`event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1","status":"in_progress","output":[]}}\n\n`, `event: response.failed\ndata: ${JSON.stringify(failed)}\n\n`]);
        return void res.end();
      }
      return sendJson(res, 400, CONTEXT_LENGTH_ERRORS[protocol]);
    case "invalid_json":
      if (!stream) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end('{"id": "resp_1", "output": [');
      }
      await writeFrames(res, [protocol === "responses" ? "event: response.created\ndata: {not json\n\n" : "data: {not json\n\n"]);
      return void res.end();
    case "cut": {
      const list = frames(protocol, content({ kind: "text", text: reply.text ?? "this reply is cut short" }));
      await writeFrames(res, list.slice(0, reply.afterEvents), reply.chunkDelayMs);
      await sleep(5);
      res.socket?.destroy();
      return;
    }
  }
}

export async function startModelServer(initial: Script = []): Promise<ModelServer> {
  let script: Script = initial;
  let queue: Reply[] = Array.isArray(initial) ? [...initial] : [];
  let count = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const started = Date.now();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = (req.url ?? "").split("?")[0]!;
    const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, atMs: Date.now() - started };
    requests.push(recorded);
    const protocol = path === "/v1/responses" ? "responses" : path === "/v1/chat/completions" ? "chat" : undefined;
    if (req.method !== "POST" || !protocol) return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "not_found" } });
    const index = count++;
    const reply = typeof script === "function" ? script(recorded, index) : queue.shift();
    if (!reply) return sendJson(res, 400, { error: { message: "loopback model server: no scripted reply left", type: "test_script_exhausted" } });
    await respond(reply, protocol, body?.stream === true, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setScript(next: Script) {
      script = next;
      queue = Array.isArray(next) ? [...next] : [];
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

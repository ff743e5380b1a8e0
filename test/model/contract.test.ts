/**
 * One contract suite, run once per wire protocol and mode (Responses/Chat × streaming/plain),
 * against the loopback model server over real HTTP.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { loadConfig } from "../../src/config/load.js";
import { createModelClient } from "../../src/model/client.js";
import { ContextLengthExceededError, ModelError } from "../../src/model/errors.js";
import { toolResult, type ConversationItem, type ModelClient } from "../../src/model/types.js";
import { startModelServer, type ModelServer, type Script } from "../support/modelServer.js";

/**
 * The stream idle timeout of `timingClient`, used only by the test about the timeout itself: short
 * so that test is fast.
 */
const IDLE_MS = 200;
/**
 * Every other test's idle timeout: generous, because under CPU load (a shared CI machine, tsx
 * compiling on first use) a 200 ms timeout fired before the first reply arrived, the client retried,
 * and the second request found no scripted reply left ("400: no scripted reply left"). Tests that
 * are not about timing must not depend on the machine being fast.
 */
const GENEROUS_IDLE_MS = 60_000;
const SCHEMA = {
  name: "stage1_output",
  schema: {
    type: "object",
    properties: { rollout_summary: { type: "string" }, rollout_slug: { type: "string" } },
    required: ["rollout_summary", "rollout_slug"],
    additionalProperties: false,
  },
};
const TOOLS = [
  { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
];

async function expectModelError(p: Promise<unknown>, kind: string): Promise<ModelError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof ModelError, `expected ModelError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

const variants = [
  { wire: "responses", stream: true },
  { wire: "responses", stream: false },
  { wire: "chat", stream: true },
  { wire: "chat", stream: false },
] as const;

for (const { wire, stream } of variants) {
  describe(`model client contract: ${wire} (${stream ? "streaming" : "plain"})`, () => {
    let server: ModelServer;
    let home: string;
    let client: ModelClient;
    let timingClient: ModelClient;
    const use = (script: Script) => server.setScript(script);

    before(async () => {
      server = await startModelServer();
      home = fs.mkdtempSync(path.join(os.tmpdir(), "engram-contract-"));
      const clientWithIdle = (idleMs: number): ModelClient => {
        fs.writeFileSync(path.join(home, "config.toml"), [
          'model_provider = "loop"',
          "[model_providers.loop]",
          `base_url = "${server.url}"`,
          `wire_api = "${wire}"`,
          'env_key = "LOOP_API_KEY"',
          "request_max_retries = 2",
          "stream_max_retries = 1",
          `stream_idle_timeout_ms = ${idleMs}`,
          'http_headers = { "X-Team" = "memory" }',
          'query_params = { "api-version" = "2026-01-01" }',
        ].join("\n"));
        const { config } = loadConfig({ home, env: {} });
        return createModelClient(config, { role: "extract", env: { LOOP_API_KEY: "sk-loop-test-key" }, retryBaseDelayMs: 10, stream });
      };
      client = clientWithIdle(GENEROUS_IDLE_MS);
      timingClient = clientWithIdle(IDLE_MS);
    });
    after(async () => {
      await server.close();
      fs.rmSync(home, { recursive: true, force: true });
    });
    beforeEach(() => {
      server.requests.length = 0;
    });

    test("structured output sends the strict schema in the protocol's shape and maps usage", async () => {
      use([{ kind: "json", value: { rollout_summary: "s", rollout_slug: "slug" }, usage: { input: 120, cached: 40, output: 12, reasoning: 3 } }]);
      const result = await client.complete({ instructions: "extract", input: "the rollout", outputSchema: SCHEMA });
      assert.deepEqual(JSON.parse(result.text), { rollout_summary: "s", rollout_slug: "slug" });
      assert.deepEqual(result.usage, { inputTokens: 120, cachedInputTokens: 40, outputTokens: 12, reasoningTokens: 3, totalTokens: 132 });
      const [req] = server.requests;
      assert.equal(req!.body.model, "gpt-5.4-mini");
      assert.equal(req!.body.stream, stream);
      assert.equal(req!.headers.authorization, "Bearer sk-loop-test-key");
      assert.equal(req!.headers["x-team"], "memory");
      assert.match(req!.path, /api-version=2026-01-01/);
      if (wire === "responses") {
        assert.deepEqual(req!.body.text.format, { type: "json_schema", name: "stage1_output", schema: SCHEMA.schema, strict: true });
        assert.equal(req!.body.instructions, "extract");
        assert.deepEqual(req!.body.reasoning, { effort: "low" });
        assert.equal(req!.body.input[0].content[0].text, "the rollout");
      } else {
        assert.deepEqual(req!.body.response_format, { type: "json_schema", json_schema: { name: "stage1_output", schema: SCHEMA.schema, strict: true } });
        assert.deepEqual(req!.body.messages, [{ role: "system", content: "extract" }, { role: "user", content: "the rollout" }]);
        assert.equal(req!.body.reasoning_effort, "low");
        if (stream) assert.deepEqual(req!.body.stream_options, { include_usage: true });
      }
    });

    test("a tool-calling loop over two turns sends tool calls and results back", async () => {
      use([
        { kind: "tool_calls", calls: [{ name: "read_file", arguments: { path: "a.md" } }, { name: "read_file", arguments: { path: "b.md" } }] },
        { kind: "text", text: "done: both files read" },
      ]);
      const messages: ConversationItem[] = [{ type: "user", text: "consolidate" }];
      const first = await client.turn({ instructions: "agent", messages, tools: TOOLS });
      assert.deepEqual(first.toolCalls.map((c) => [c.id, c.name, JSON.parse(c.arguments)]), [
        ["call_1", "read_file", { path: "a.md" }],
        ["call_2", "read_file", { path: "b.md" }],
      ]);
      messages.push(...first.items, ...first.toolCalls.map((c) => toolResult(c.id, `contents of ${JSON.parse(c.arguments).path}`)));
      const second = await client.turn({ instructions: "agent", messages, tools: TOOLS });
      assert.equal(second.message, "done: both files read");
      assert.deepEqual(second.toolCalls, []);
      const sent = server.requests[1]!.body;
      if (wire === "responses") {
        assert.equal(server.requests[0]!.body.tools[0].name, "read_file");
        assert.deepEqual(sent.input.slice(1).map((i: any) => [i.type, i.call_id]), [
          ["function_call", "call_1"], ["function_call", "call_2"], ["function_call_output", "call_1"], ["function_call_output", "call_2"],
        ]);
        assert.equal(sent.input[3].output, "contents of a.md");
      } else {
        assert.equal(server.requests[0]!.body.tools[0].function.name, "read_file");
        assert.deepEqual(sent.messages.slice(2).map((m: any) => m.role), ["assistant", "tool", "tool"]);
        assert.deepEqual(sent.messages[2].tool_calls.map((c: any) => c.id), ["call_1", "call_2"]);
        assert.equal(sent.messages[3].tool_call_id, "call_1");
        assert.equal(sent.messages[3].content, "contents of a.md");
      }
    });

    test("429 with Retry-After waits that long, then succeeds", async () => {
      use([{ kind: "rate_limited", retryAfter: "1" }, { kind: "text", text: "ok" }]);
      const result = await client.complete({ instructions: "i", input: "x" });
      assert.equal(result.text, "ok");
      assert.equal(server.requests.length, 2);
      const waited = server.requests[1]!.atMs - server.requests[0]!.atMs;
      assert.ok(waited >= 950 && waited < 2000, `waited ${waited} ms`);
    });

    test("500 is retried, then succeeds", async () => {
      use([{ kind: "server_error" }, { kind: "text", text: "recovered" }]);
      assert.equal((await client.complete({ instructions: "i", input: "x" })).text, "recovered");
      assert.equal(server.requests.length, 2);
    });

    test("retries exhausted gives a typed server_error after 1 + request_max_retries attempts", async () => {
      use([{ kind: "server_error" }, { kind: "server_error", status: 503 }, { kind: "server_error", status: 502 }, { kind: "text", text: "too late" }]);
      const error = await expectModelError(client.complete({ instructions: "i", input: "x" }), "server_error");
      assert.equal(error.status, 502);
      assert.equal(error.attempts, 3);
      assert.equal(server.requests.length, 3);
    });

    test("400 is not retried", async () => {
      use([{ kind: "bad_request" }, { kind: "text", text: "never" }]);
      const error = await expectModelError(client.complete({ instructions: "i", input: "x" }), "bad_request");
      assert.equal(error.status, 400);
      assert.equal(server.requests.length, 1);
    });

    test("a stream cut mid-way is retried", async () => {
      use([{ kind: "cut", afterEvents: stream ? 3 : 0 }, { kind: "text", text: "whole answer" }]);
      assert.equal((await client.complete({ instructions: "i", input: "x" })).text, "whole answer");
      assert.equal(server.requests.length, 2);
    });

    test("a server that never answers ends in a timeout error after stream retries", async () => {
      use([{ kind: "hang" }, { kind: "hang" }]);
      const started = Date.now();
      await expectModelError(timingClient.complete({ instructions: "i", input: "x" }), "timeout");
      assert.equal(server.requests.length, 2);
      assert.ok(Date.now() - started >= 2 * IDLE_MS - 20);
    });

    test("abort ends the request quickly and is not retried", async () => {
      use([{ kind: "hang" }, { kind: "text", text: "never" }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      await expectModelError(client.complete({ instructions: "i", input: "x", signal: controller.signal }), "aborted");
      assert.ok(Date.now() - started < GENEROUS_IDLE_MS, "ended by the abort, not by the idle timeout");
      assert.equal(server.requests.length, 1);
    });

    test("invalid JSON from the server is invalid_response and not retried", async () => {
      use([{ kind: "invalid_json" }, { kind: "text", text: "never" }]);
      await expectModelError(client.complete({ instructions: "i", input: "x" }), "invalid_response");
      assert.equal(server.requests.length, 1);
    });

    test("a context-length error is a ContextLengthExceededError and not retried", async () => {
      use([{ kind: "context_length" }, { kind: "text", text: "never" }]);
      const error = await expectModelError(client.complete({ instructions: "i", input: "x" }), "context_length_exceeded");
      assert.ok(error instanceof ContextLengthExceededError);
      assert.equal(server.requests.length, 1);
    });
  });
}

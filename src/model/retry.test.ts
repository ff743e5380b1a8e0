import assert from "node:assert/strict";
import { test } from "node:test";
import { APIError } from "openai";
import { classifyError, MAX_RETRY_AFTER_MS, ModelError, parseRetryAfter } from "./errors.js";
import { knownContextWindow } from "./models.js";
import { backoffDelayMs, MAX_BACKOFF_MS, withRetries } from "./retry.js";

test("Retry-After is read as seconds or an HTTP date and capped", () => {
  assert.equal(parseRetryAfter("2"), 2000);
  assert.equal(parseRetryAfter("0.5"), 500);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now), 7000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("86400"), MAX_RETRY_AFTER_MS);
  assert.equal(parseRetryAfter("soon"), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test("backoff doubles per retry within ±20 % jitter and is capped", () => {
  assert.equal(backoffDelayMs(1, 100, () => 0.5), 100);
  assert.equal(backoffDelayMs(3, 100, () => 0.5), 400);
  assert.equal(backoffDelayMs(1, 100, () => 0), 80);
  assert.equal(backoffDelayMs(1, 100, () => 0.999), 120);
  assert.equal(backoffDelayMs(30, 100, () => 0.5), MAX_BACKOFF_MS);
});

test("context windows resolve exact names, Ollama tags and dated snapshots; unknown is undefined", () => {
  assert.equal(knownContextWindow("gpt-4o"), 128_000);
  assert.equal(knownContextWindow("llama3.1:8b"), 131_072);
  assert.equal(knownContextWindow("gpt-4o-mini-2024-07-18"), 128_000);
  assert.equal(knownContextWindow("my-finetune"), undefined);
});

test("a 429 is retryable and carries Retry-After, except an exhausted quota (waiting will not help)", () => {
  const rateLimited = APIError.generate(429, { error: { message: "slow down", code: "rate_limit_exceeded" } }, undefined, new Headers({ "retry-after": "3" }));
  const quota = APIError.generate(429, { error: { message: "You exceeded your current quota", code: "insufficient_quota" } }, undefined, new Headers());
  const a = classifyError(rateLimited, "request") as ModelError;
  assert.equal(a.kind, "rate_limited");
  assert.equal(a.retryable, true);
  assert.equal(a.retryAfterMs, 3000);
  const b = classifyError(quota, "request") as ModelError;
  assert.equal(b.kind, "rate_limited");
  assert.equal(b.retryable, false);
});

const fastPolicy = { requestMaxRetries: 1, streamMaxRetries: 2, baseDelayMs: 1 };
const requestFailure = () => new ModelError("server_error", "502", { retryable: true, phase: "request", retryAfterMs: 0 });
const streamFailure = () => new ModelError("connection", "cut", { retryable: true, phase: "stream", retryAfterMs: 0 });

test("request and stream failures spend separate retry budgets", async () => {
  const script = [requestFailure(), streamFailure(), streamFailure()];
  let calls = 0;
  const result = await withRetries(fastPolicy, undefined, async () => {
    calls++;
    const next = script.shift();
    if (next) throw next;
    return "done";
  });
  assert.equal(result, "done");
  assert.equal(calls, 4, "1 request retry + 2 stream retries, each within its own budget");

  const over = [streamFailure(), streamFailure(), streamFailure()];
  await assert.rejects(
    withRetries(fastPolicy, undefined, async () => {
      throw over.shift() ?? new Error("unreachable");
    }),
    (e: unknown) => e instanceof ModelError && e.kind === "connection" && e.attempts === 3,
  );
});

test("a failure after the caller aborted ends as aborted, not as the failure and not retried", async () => {
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(
    withRetries(fastPolicy, controller.signal, async () => {
      calls++;
      controller.abort();
      throw new ModelError("bad_request", "400 while shutting down", { status: 400 });
    }),
    (e: unknown) => e instanceof ModelError && e.kind === "aborted",
  );
  assert.equal(calls, 1);
});

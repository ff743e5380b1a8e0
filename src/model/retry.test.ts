import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./errors.js";
import { knownContextWindow } from "./models.js";
import { backoffDelayMs, MAX_BACKOFF_MS } from "./retry.js";

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

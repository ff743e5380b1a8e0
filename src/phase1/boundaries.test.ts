/**
 * Boundaries of phase-1 rendering and chunking that the main tests do not pin: a chunk filled to exactly
 * its budget, an item one token over it, consecutive user messages, long error lines, surrogate pairs at
 * the head cut, harness text in a plain-string user message, and the stage-1 output's slug and byte caps.
 * (Each test here kills a mutation that survived the mutation audit.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RolloutLine } from "../rollout/types.js";
import { countTokens } from "../model/tokens.js";
import { chunkTranscript } from "./budget.js";
import { capChars } from "./capChars.js";
import { ERROR_LINE_MAX_CHARS, OUTPUT_HEAD_LINES, OUTPUT_LINE_MAX_CHARS, OUTPUT_TAIL_LINES } from "./constants.js";
import { renderTranscript, type RenderedItem } from "./render.js";
import { compactOutput } from "./toolOutput.js";
import { capBytes, parseStage1Output, sanitizeSlug } from "./output.js";

const rendered = (kind: RenderedItem["kind"], text: string): RenderedItem => ({ kind, text, tokens: countTokens(text) });
const SEPARATOR_TOKENS = countTokens("\n\n");
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test("items that fill the budget exactly stay in one chunk", () => {
  const a = rendered("assistant", "[assistant] the widget now returns 200 for every request");
  const b = rendered("tool", "[tool exec_command] $ npm test -- --grep widget");
  const chunks = chunkTranscript([a, b], a.tokens + SEPARATOR_TOKENS + b.tokens);
  assert.equal(chunks.length, 1);
  assert.equal(chunkTranscript([a, b], a.tokens + SEPARATOR_TOKENS + b.tokens - 1).length, 2, "one token less splits");
});

test("an item one token over the budget is middle-truncated to fit", () => {
  const big = rendered("tool", Array.from({ length: 60 }, (_, i) => `line-${i} of a long tool output`).join("\n"));
  const budget = big.tokens - 1;
  const chunks = chunkTranscript([big], budget);
  assert.equal(chunks.length, 1);
  assert.ok(chunks[0]!.items[0]!.tokens <= budget, `item has ${chunks[0]!.items[0]!.tokens} tokens, budget ${budget}`);
});

test("of two consecutive user messages, the second stays with the answer that follows it", () => {
  const first = rendered("user", "[user] first question about the build cache");
  const second = rendered("user", "[user] second question: why does the widget return 500");
  const answer = rendered("assistant", "[assistant] the widget handler throws on an empty body");
  const pairCost = second.tokens + SEPARATOR_TOKENS + answer.tokens;
  // Room for any two of them, never all three.
  const budget = Math.max(pairCost, first.tokens + SEPARATOR_TOKENS + second.tokens);
  assert.ok(first.tokens + second.tokens + answer.tokens + 2 * SEPARATOR_TOKENS > budget);
  const chunks = chunkTranscript([first, second, answer], budget);
  assert.deepEqual(chunks.map((c) => c.items.map((i) => i.text)), [[first.text], [second.text, answer.text]]);
});

test("an error line longer than an ordinary line's cap is kept whole up to the error-line cap", () => {
  const errorLine = `Error: ${"x".repeat(OUTPUT_LINE_MAX_CHARS + 100)}`;
  assert.ok(errorLine.length < ERROR_LINE_MAX_CHARS);
  const plainLine = "y".repeat(OUTPUT_LINE_MAX_CHARS + 100);
  const out = compactOutput([errorLine, plainLine].join("\n"));
  assert.ok(out.includes(errorLine), "the error line is intact");
  assert.ok(!out.includes(plainLine), "the ordinary line is cut");
  // Also when rescued from the cut middle of a long output.
  const lines = Array.from({ length: OUTPUT_HEAD_LINES + OUTPUT_TAIL_LINES + 30 }, (_, i) => `ok ${i}`);
  lines[OUTPUT_HEAD_LINES + 10] = errorLine;
  assert.ok(compactOutput(lines.join("\n")).includes(errorLine));
});

test("capChars never leaves half a surrogate pair at the head cut, whatever the cap", () => {
  const text = "😀".repeat(200);
  for (let maxChars = 30; maxChars < 60; maxChars++) {
    const out = capChars(text, maxChars);
    assert.ok(!LONE_SURROGATE.test(out), `cap ${maxChars}: ${JSON.stringify(out)}`);
    assert.ok(out.length <= maxChars, `cap ${maxChars}: ${out.length} chars`);
  }
});

test("harness text in a plain-string user message is dropped like harness parts of an array", () => {
  const lines: RolloutLine[] = [
    { type: "response_item", payload: { type: "message", role: "user", content: "<environment_context>\n<cwd>/w</cwd>\n</environment_context>" } },
    { type: "response_item", payload: { type: "message", role: "user", content: "fix the widget test" } },
  ];
  assert.deepEqual(renderTranscript(lines).map((i) => i.text), ["[user] fix the widget test"]);
});

test("a slug holding a secret is redacted before it is stored", () => {
  const key = "sk-proj-abcdef1234567890abcdef1234";
  const out = parseStage1Output(JSON.stringify({ rollout_summary: "s", raw_memory: "r", rollout_slug: key }));
  assert.equal(out.kind, "memory");
  if (out.kind !== "memory") return;
  assert.ok(out.rolloutSlug !== null && !out.rolloutSlug.includes("abcdef1234567890"), String(out.rolloutSlug));
});

test("a secret in the middle of a slug is redacted too (sanitising must not hide it from the rules)", () => {
  const key = `sk-proj-${"Ab1Cd2Ef3Gh4".repeat(3)}`;
  const out = parseStage1Output(JSON.stringify({ rollout_summary: "s", raw_memory: "r", rollout_slug: `deploy ${key} to prod` }));
  assert.equal(out.kind, "memory");
  if (out.kind !== "memory") return;
  const slug = out.rolloutSlug ?? "";
  assert.ok(!slug.toLowerCase().includes(key.toLowerCase().slice(3, 20)), slug);
  assert.match(slug, /^deploy-.*redacted.*to-prod$/);
});

test("a slug never keeps a run of dashes", () => {
  assert.equal(sanitizeSlug("fix - widget -- tests"), "fix-widget-tests");
});

test("capBytes keeps text of exactly maxBytes and keeps a line that fills the room exactly", () => {
  assert.equal(capBytes("abc", 3), "abc");
  assert.equal(capBytes("é", 2), "é", "bytes, not characters");
  const text = `aaaa\nbbbb\n${"c".repeat(1000)}`;
  const markerBytes = Buffer.byteLength(`\n…[cut by engram: ${Buffer.byteLength(text)} more bytes]`);
  const out = capBytes(text, markerBytes + "aaaa\nbbbb".length);
  assert.ok(out.startsWith("aaaa\nbbbb\n…[cut by engram:"), JSON.stringify(out));
  assert.ok(Buffer.byteLength(out) <= markerBytes + 9);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { RolloutLine } from "../rollout/types.js";
import { capChars, capLongStrings, charBoundForTokens } from "./capChars.js";
import { MAX_CHARS_PER_TOKEN, TOOL_INPUT_MAX_TOKENS } from "./constants.js";
import { renderTranscript } from "./render.js";
import { renderForExtraction } from "./renderForExtraction.js";

const item = (payload: unknown): RolloutLine => ({ type: "response_item", payload });
/** 20 MB of text: tokenising it whole takes many seconds, so these tests also fail by timing out. */
const HUGE_CHARS = 20_000_000;
const huge = (head: string, tail: string) => `${head} ${"lorem ipsum dolor ".repeat(HUGE_CHARS / 18)} ${tail}`;

test("capChars keeps short text, and head + marker + tail of long text", () => {
  assert.equal(capChars("short", 10), "short");
  const out = capChars("a".repeat(50) + "b".repeat(50), 40);
  assert.equal(out, `${"a".repeat(11)}\n…[79 chars cut]…\n${"b".repeat(10)}`);
  assert.ok(out.length <= 40, "the marker counts toward the cap");
  assert.equal(capChars(out, 40), out, "capping again changes nothing");
  assert.equal(capChars("abcdef", 0), "\n…[6 chars cut]…\n", "a cap below the marker keeps only the marker");
});

test("capChars never splits a surrogate pair", () => {
  const out = capChars("😀".repeat(10), 5);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out), out);
});

test("capLongStrings cuts only long strings, deep in objects and arrays, and shares untouched values", () => {
  const small = { a: "x", list: [1, "y"] };
  assert.equal(capLongStrings(small, 10), small);
  const big = { keep: "x", deep: { list: ["ok", "z".repeat(100)] } };
  const capped = capLongStrings(big, 30);
  assert.equal(capped.keep, "x");
  assert.match(capped.deep.list[1]!, /^z+\n…\[\d+ chars cut\]…\nz+$/);
  assert.ok(capped.deep.list[1]!.length <= 30);
  assert.equal(big.deep.list[1], "z".repeat(100), "the input is not modified");
});

test("a 20 MB user message is cut by characters to the item's bound before it is tokenised", () => {
  const items = renderTranscript([item({ type: "message", role: "user", content: [{ type: "input_text", text: huge("HEAD-U", "TAIL-U") }] })], 1_000);
  assert.equal(items.length, 1);
  const text = items[0]!.text;
  assert.ok(text.length <= charBoundForTokens(1_000) + 100, `${text.length} chars`);
  assert.ok(text.startsWith("[user] HEAD-U") && text.endsWith("TAIL-U"));
  assert.match(text, /…\[\d{8} chars cut\]…/);
});

test("a 20 MB tool output and a 20 MB apply_patch input are cut too, head and tail kept", () => {
  const items = renderTranscript([
    item({ type: "function_call", name: "exec_command", call_id: "c1", arguments: JSON.stringify({ cmd: "cat big.log" }) }),
    item({ type: "function_call_output", call_id: "c1", output: `Process exited with code 0\nOutput:\n${huge("HEAD-O", "TAIL-O")}` }),
    item({ type: "custom_tool_call", name: "apply_patch", call_id: "c2", input: huge("*** Begin Patch HEAD-P", "TAIL-P *** End Patch") }),
    item({ type: "function_call", name: "apply_patch", call_id: "c3", arguments: JSON.stringify({ input: huge("*** Begin Patch HEAD-F", "TAIL-F") }) }),
  ], 1_000);
  const [output, patch, fnPatch] = items.map((i) => i.text);
  assert.match(output!, /^\[tool exec_command\] \$ cat big\.log\nexit 0\n```\nHEAD-O[\s\S]*TAIL-O\n```$/);
  assert.match(output!, /…\[\d+ chars cut\]…/);
  for (const [text, head, tail] of [[patch, "HEAD-P", "TAIL-P"], [fnPatch, "HEAD-F", "TAIL-F"]] as const) {
    assert.ok(text!.includes(head) && text!.includes(tail), text!.slice(0, 200));
    assert.match(text!, /…\[\d+ tokens cut\]…/);
    assert.ok(text!.length <= TOOL_INPUT_MAX_TOKENS * MAX_CHARS_PER_TOKEN, `${text!.length} chars`);
  }
});

test("renderForExtraction fits a 20 MB message into one chunk of the budget", () => {
  const chunks = renderForExtraction([item({ type: "message", role: "user", content: huge("HEAD-R", "TAIL-R") })], 2_000);
  assert.equal(chunks.length, 1);
  assert.ok(chunks[0]!.tokens <= 2_000);
  assert.ok(chunks[0]!.text.includes("HEAD-R") && chunks[0]!.text.includes("TAIL-R"));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import type { RolloutLine } from "../rollout/types.js";
import { countTokens } from "../model/tokens.js";
import { chunkTranscript, inputBudgetTokens } from "./budget.js";
import { renderTranscript, type RenderedItem } from "./render.js";
import { PROMPT_OVERHEAD_TOKENS } from "./constants.js";
import { measuredPromptOverheadTokens } from "./prompts.js";

const item = (payload: unknown): RolloutLine => ({ type: "response_item", payload });

/** A multi-turn rollout whose facts are unique strings: turn i has prompt, command, exit code, error. */
function syntheticRollout(turns: number): { lines: RolloutLine[]; facts: string[] } {
  const lines: RolloutLine[] = [];
  const facts: string[] = [];
  for (let t = 0; t < turns; t++) {
    const prompt = `Turn ${t}: please make the widget-${t} tests pass and keep the API stable`;
    const cmd = `npm test -- --grep widget-${t}`;
    const error = `Error: widget-${t} expected 200 but received 500`;
    const out = ["Process exited with code 1", "Output:"];
    for (let i = 0; i < 90; i++) out.push(i === 45 ? error : `  ✓ widget-${t} case ${i} passes in ${i % 7}ms`);
    lines.push(
      item({ type: "message", role: "user", content: [{ type: "input_text", text: prompt }] }),
      item({ type: "function_call", name: "exec_command", call_id: `c${t}`, arguments: JSON.stringify({ cmd }) }),
      item({ type: "function_call_output", call_id: `c${t}`, output: out.join("\n") }),
      item({ type: "message", role: "assistant", content: [{ type: "output_text", text: `Widget ${t} now returns 200.` }] }),
    );
    facts.push(`[user] ${prompt}`, `$ ${cmd}\nexit 1`, error);
  }
  return { lines, facts };
}

test("the budget is 70% of the context window minus the prompt overhead, 150k when unknown", () => {
  assert.equal(inputBudgetTokens(200_000, 5_000), 135_000);
  assert.equal(inputBudgetTokens(undefined, 5_000), 145_000);
  assert.equal(inputBudgetTokens(0, 5_000), 145_000);
  assert.equal(inputBudgetTokens(4_000, 5_000), 1_000, "never below the minimum");
  assert.equal(inputBudgetTokens(undefined), 150_000 - PROMPT_OVERHEAD_TOKENS);
});

test("the reserved prompt overhead covers the real stage-1 prompt", () => {
  const measured = measuredPromptOverheadTokens({ rolloutPath: "/home/u/.codex/sessions/2026/11/23/rollout-x.jsonl", cwd: "/home/u/src/project", gitBranch: "main" });
  assert.ok(measured < PROMPT_OVERHEAD_TOKENS, `measured ${measured} ≥ reserved ${PROMPT_OVERHEAD_TOKENS}`);
  assert.ok(measured > 500, "the prompt is really measured");
});

test("a transcript that fits is one chunk, labelled part 1 of 1", () => {
  const items = renderTranscript(syntheticRollout(2).lines);
  const chunks = chunkTranscript(items, 100_000);
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0]!.label, "part 1 of 1");
  assert.equal(chunks[0]!.items.length, items.length);
});

test("a rollout 3x the budget is split so every prompt, command, exit code and error line is in exactly one chunk", () => {
  const { lines, facts } = syntheticRollout(12);
  const items = renderTranscript(lines);
  const total = items.reduce((n, i) => n + i.tokens, 0);
  const budget = Math.floor(total / 3);
  const chunks = chunkTranscript(items, budget);
  assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
  for (const c of chunks) {
    assert.ok(countTokens(c.text) <= budget, `${c.label}: ${countTokens(c.text)} > ${budget}`);
    assert.equal(c.total, chunks.length);
    assert.equal(c.label, `part ${c.index} of ${chunks.length}`);
  }
  for (const fact of facts) {
    const holders = chunks.filter((c) => c.text.includes(fact));
    assert.equal(holders.length, 1, `${JSON.stringify(fact)} in ${holders.length} chunks`);
  }
  assert.deepEqual(chunks.flatMap((c) => c.items), items, "nothing dropped, reordered or altered");
});

test("a user message is never separated from the tool call that follows it when the pair fits", () => {
  const { lines } = syntheticRollout(12);
  const items = renderTranscript(lines);
  for (const budget of [900, 1_300, 2_000, 3_100]) {
    const chunks = chunkTranscript(items, budget);
    for (const c of chunks) assert.notEqual(c.items.at(-1)!.kind, "user", `budget ${budget}: ${c.label} ends with a user message`);
  }
});

test("a single item larger than the budget is middle-truncated to fit, never dropped", () => {
  const huge: RenderedItem = { kind: "user", text: `START ${"lorem ipsum ".repeat(3_000)} END`, tokens: 0 };
  huge.tokens = countTokens(huge.text);
  const small: RenderedItem = { kind: "assistant", text: "[assistant] ok", tokens: countTokens("[assistant] ok") };
  const chunks = chunkTranscript([small, huge, small], 500);
  const big = chunks.find((c) => c.text.includes("START"))!;
  assert.ok(big, "the oversized item is kept");
  assert.match(big.text, /END$/);
  assert.match(big.text, /tokens cut/);
  for (const c of chunks) assert.ok(c.tokens <= 500, `${c.label}: ${c.tokens}`);
  assert.equal(chunks.flatMap((c) => c.items).length, 3);
});

test("an empty transcript is one empty chunk", () => {
  const chunks = chunkTranscript([], 1_000);
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0]!.text, "");
});

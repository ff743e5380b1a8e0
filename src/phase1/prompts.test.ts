import { test } from "node:test";
import assert from "node:assert/strict";
import {
  STAGE1_MERGE_SYSTEM_PROMPT,
  STAGE1_SYSTEM_PROMPT,
  renderStage1Input,
  renderStage1MergeInput,
  renderTemplate,
  templateProblems,
} from "./prompts.js";

const session = { rolloutPath: "/home/u/.codex/sessions/2026/11/23/rollout-a.jsonl", cwd: "/home/u/src/app", gitBranch: "feature/x" };

test("the system prompt states engram's contract", () => {
  for (const needle of ["rollout_summary", "rollout_slug", "raw_memory", "[REDACTED_SECRET]", "evidence, not instructions", "`success`", "`partial`", "`fail`", "`uncertain`", "symptom → cause → fix", "description:", "keywords:"]) {
    assert.ok(STAGE1_SYSTEM_PROMPT.includes(needle), `system prompt mentions ${needle}`);
  }
  assert.ok(!/\{\{/.test(STAGE1_SYSTEM_PROMPT));
  assert.match(STAGE1_MERGE_SYSTEM_PROMPT, /exactly one JSON object/);
});

test("the input message carries path, cwd, branch, part and the transcript", () => {
  const text = renderStage1Input(session, "[user] hello", { index: 2, total: 3 });
  assert.match(text, /rollout file: \/home\/u\/\.codex\/sessions\/2026\/11\/23\/rollout-a\.jsonl/);
  assert.match(text, /working directory: \/home\/u\/src\/app/);
  assert.match(text, /git branch: feature\/x/);
  assert.match(text, /part 2 of 3/);
  assert.match(text, /TRANSCRIPT BEGINS =====\n\[user\] hello\n===== TRANSCRIPT ENDS/);
  assert.match(renderStage1Input({ ...session, gitBranch: null }, "t"), /git branch: \(unknown\)\n[\s\S]*complete \(1 of 1\)/);
});

test("placeholder-looking text inside the transcript is inserted verbatim, never expanded", () => {
  const text = renderStage1Input(session, "echo {{ rollout_path }} and $& and $1");
  assert.ok(text.includes("echo {{ rollout_path }} and $& and $1"));
});

test("the merge input lists each partial result in order", () => {
  const text = renderStage1MergeInput(session, ['{"a":1}', '{"b":2}']);
  assert.match(text, /Merge these 2 partial results/);
  assert.match(text, /--- part 1 of 2 ---\n\{"a":1\}\n\n--- part 2 of 2 ---\n\{"b":2\}/);
});

test("rendering fails loudly when a placeholder has no value", () => {
  assert.throws(() => renderTemplate("a {{ x }} b {{y}}", { x: "1" }), /\{\{ y \}\} has no value/);
  assert.equal(renderTemplate("a {{ x }} b {{x}}", { x: "1" }), "a 1 b 1");
});

test("template checks report missing and unknown placeholders", () => {
  assert.deepEqual(templateProblems("{{ a }} {{ c }}", ["a", "b"]), ["missing placeholder {{ b }}", "unknown placeholder {{ c }}"]);
  assert.deepEqual(templateProblems("{{ a }}{{ b }}", ["a", "b"]), []);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import type { RolloutLine } from "../rollout/types.js";
import { countTokens } from "../model/tokens.js";
import { renderTranscript, renderTranscriptText } from "./render.js";
import { renderCodexStyle } from "./codexStyle.js";

const FIXTURES = new URL("../../test/fixtures/codex-0.169/", import.meta.url);
function fixture(idPart: string): RolloutLine[] {
  const name = readdirSync(FIXTURES).find((f) => f.includes(idPart) && f.endsWith(".jsonl"));
  assert.ok(name, `fixture ${idPart} missing`);
  return readFileSync(new URL(name, FIXTURES), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RolloutLine);
}
const line = (type: string, payload: unknown): RolloutLine => ({ type, payload });
const item = (payload: unknown) => line("response_item", payload);

test("the fix-test transcript keeps the prompt, commands, exit codes, the assertion and the patch", () => {
  const text = renderTranscriptText(fixture("4edc"));
  assert.match(text, /\[user\] The tests are failing in this repo \(node test\/sum\.test\.js\)/);
  assert.match(text, /\[tool exec_command\] \$ node test\/sum\.test\.js\nexit 1\n/);
  assert.match(text, /AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal:/);
  assert.match(text, /\[tool apply_patch\]\n```\n\*\*\* Begin Patch\n\*\*\* Update File: src\/sum\.js\n@@\n-  return a - b;\n\+  return a \+ b;\n\*\*\* End Patch\n```/);
  assert.match(text, /\[assistant\] Fixed the failing test/);
  assert.match(text, /exit 0/);
});

test("the fix-test transcript drops harness context, base instructions, reasoning, ids and bookkeeping", () => {
  const lines = fixture("4edc");
  const text = renderTranscriptText(lines);
  const baseInstructions = (lines[0]!.payload as { base_instructions?: { text?: string } }).base_instructions;
  assert.ok(baseInstructions, "fixture has base instructions");
  for (const absent of [
    "<environment_context>",
    "<skills_instructions>",
    "Inspect the repo layout and test command first.", // reasoning summary
    "call_mock_",
    "msg_1_1",
    "Chunk ID:",
    "Wall time:",
    "Original token count",
    "turn_id",
    "total_tokens",
    "ordinal",
  ]) {
    assert.ok(!text.includes(absent), `transcript must not contain ${absent}`);
  }
  assert.ok(baseInstructions.text?.includes("You are Codex, a coding agent"), "fixture shape");
  assert.ok(!text.includes("You are Codex, a coding agent"), "no base instructions");
});

test("the user's prompt appears once even though the event stream repeats it", () => {
  const text = renderTranscriptText(fixture("4edc"));
  assert.equal(text.split("Please find the failing test and fix the bug.").length - 1, 1);
});

test("a one-line context note is emitted for the first turn and only when cwd or model changes", () => {
  const tc = (cwd: string, model: string) => line("turn_context", { cwd, model, turn_id: "t" });
  const items = renderTranscript([tc("/a", "m1"), tc("/a", "m1"), tc("/b", "m1"), tc("/b", "m2")]);
  assert.deepEqual(
    items.map((i) => i.text),
    ["[context] cwd /a · model m1", "[context] cwd /b · model m1", "[context] cwd /b · model m2"],
  );
});

test("each item carries its token count", () => {
  for (const it of renderTranscript(fixture("54bc"))) assert.equal(it.tokens, countTokens(it.text));
});

test("user harness fragments are dropped piece by piece; developer messages entirely", () => {
  const items = renderTranscript([
    item({ type: "message", role: "developer", content: [{ type: "input_text", text: "You are Codex" }] }),
    item({
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "# AGENTS.md instructions for /repo\n<INSTRUCTIONS>be nice</INSTRUCTIONS>" },
        { type: "input_text", text: "<skill>\nname: x\n</skill>" },
        { type: "input_text", text: "Rename the config key" },
      ],
    }),
    item({ type: "message", role: "user", content: [{ type: "input_text", text: "<environment_context>x</environment_context>" }] }),
  ]);
  assert.deepEqual(items.map((i) => i.text), ["[user] Rename the config key"]);
});

test("shell calls render as their argv, outputs attach to their call with the exit code", () => {
  const text = renderTranscriptText([
    item({ type: "local_shell_call", call_id: "c1", action: { type: "exec", command: ["bash", "-lc", "make test"] } }),
    item({ type: "function_call", name: "shell", call_id: "c2", arguments: JSON.stringify({ command: ["git", "log", "-n", "1"], workdir: "/r" }) }),
    item({ type: "function_call_output", call_id: "c2", output: JSON.stringify({ output: "commit abc\n", metadata: { exit_code: 0 } }) }),
    item({ type: "function_call_output", call_id: "c1", output: "Exit code: 2\nOutput:\nmake: *** [test] Error 2" }),
    item({ type: "function_call_output", call_id: "orphan", output: "lonely" }),
  ]);
  assert.match(text, /\[tool shell\] \$ make test\nexit 2\n```\nmake: \*\*\* \[test\] Error 2\n```/);
  assert.match(text, /\[tool shell\] \$ git log -n 1   \(in \/r\)\nexit 0\n```\ncommit abc\n```/);
  assert.match(text, /\[tool output\]\n```\nlonely\n```/);
});

test("a long output keeps head, tail and every error line from the cut middle", () => {
  const out = ["Process exited with code 1", "Output:"];
  for (let i = 0; i < 500; i++) out.push(i === 250 ? "TypeError: cannot read properties of undefined (reading 'x')" : `build step ${i} ok`);
  const text = renderTranscriptText([
    item({ type: "function_call", name: "exec_command", call_id: "c", arguments: '{"cmd":"npm run build"}' }),
    item({ type: "function_call_output", call_id: "c", output: out.join("\n") }),
  ]);
  assert.match(text, /build step 0 ok/);
  assert.match(text, /build step 499 ok/);
  assert.match(text, /TypeError: cannot read properties of undefined \(reading 'x'\)/);
  assert.match(text, /lines cut; 1 error lines from them kept below/);
  assert.ok(!text.includes("build step 250 ok") && !text.includes("build step 200 ok"));
  assert.ok(countTokens(text) < 1_000);
});

test("compaction summaries become a note; reasoning and unknown items vanish", () => {
  const text = renderTranscriptText([
    line("compacted", { message: "Earlier: migrated the DB to v3." }),
    item({ type: "reasoning", summary: [{ type: "summary_text", text: "secret thoughts" }] }),
    item({ type: "ghost_snapshot", ghost_commit: {} }),
    line("world_state", { full: true }),
    line("event_msg", { type: "agent_message", message: "dup" }),
  ]);
  assert.equal(text, "[compacted summary] Earlier: migrated the DB to v3.");
});

test("engram's transcript is much smaller than the Codex-style JSON rendering of the same rollout", () => {
  const lines = fixture("4edc");
  const ratio = countTokens(renderTranscriptText(lines)) / countTokens(renderCodexStyle(lines));
  assert.ok(ratio <= 0.4, `ratio ${ratio}`);
  assert.match(renderCodexStyle(lines), /\[harness context\]\n\{"type":"message"/);
});

test("a long patch keeps its head and tail with a cut marker", () => {
  const body = Array.from({ length: 3_000 }, (_, i) => `+const generated${i} = ${i};`).join("\n");
  const patch = `*** Begin Patch\n*** Add File: src/generated.ts\n${body}\n*** End Patch`;
  const text = renderTranscriptText([
    item({ type: "function_call", name: "apply_patch", call_id: "p", arguments: JSON.stringify({ input: patch }) }),
  ]);
  assert.match(text, /^\[tool apply_patch\]\n```\n\*\*\* Begin Patch\n\*\*\* Add File: src\/generated\.ts/);
  assert.match(text, /\*\*\* End Patch\n```$/);
  assert.match(text, /tokens cut/);
  assert.ok(countTokens(text) < 2_200);
});

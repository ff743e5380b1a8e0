import { test } from "node:test";
import assert from "node:assert/strict";
import { countTokens } from "../model/tokens.js";
import { compactOutput, isErrorLine, parseToolOutput } from "./toolOutput.js";

test("exit codes are read from Codex's exec header, the apply_patch header and the JSON wrapper", () => {
  assert.deepEqual(parseToolOutput("Chunk ID: a\nWall time: 0.1 seconds\nProcess exited with code 3\nOriginal token count: 5\nOutput:\nhi\n"), {
    exitCode: 3,
    body: "hi",
  });
  assert.deepEqual(parseToolOutput("Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess.\n"), { exitCode: 0, body: "Success." });
  assert.deepEqual(parseToolOutput('{"output":"boom","metadata":{"exit_code":127,"duration_seconds":0.1}}'), { exitCode: 127, body: "boom" });
  assert.deepEqual(parseToolOutput([{ type: "input_text", text: "a" }, { type: "input_image", image_url: "x" }]), {
    exitCode: null,
    body: "a\n[image]",
  });
  assert.deepEqual(parseToolOutput('{"not":"a wrapper"}'), { exitCode: null, body: '{"not":"a wrapper"}' });
});

test("error-looking lines are recognised", () => {
  for (const l of ["Traceback (most recent call last):", "npm ERR! code ELIFECYCLE", "thread 'main' panicked", "FAIL src/a.test.ts", "AssertionError: 1 !== 2", "fatal: not a git repository"]) {
    assert.ok(isErrorLine(l), l);
  }
  assert.ok(!isErrorLine("    at Module._compile (node:internal)"));
});

test("short outputs are kept whole", () => {
  assert.equal(compactOutput("a\nb\nc"), "a\nb\nc");
});

test("error lines beyond the cap are counted, not silently lost", () => {
  const lines = Array.from({ length: 300 }, (_, i) => (i >= 30 && i < 130 ? `Error: case ${i} failed` : `line ${i}`));
  const out = compactOutput(lines.join("\n"));
  assert.match(out, /Error: case 30 failed/);
  assert.match(out, /Error: case 69 failed/);
  assert.ok(!out.includes("Error: case 70 failed"));
  assert.match(out, /… \[60 more error lines cut\] …/);
});

test("outputs with very long lines stay within the token cap", () => {
  const lines = Array.from({ length: 100 }, (_, i) => `${i} ${"x".repeat(3000)}`);
  const out = compactOutput(lines.join("\n"), 800);
  assert.ok(countTokens(out) <= 800, `${countTokens(out)} tokens`);
  assert.match(out, /^0 x/);
  assert.match(out, /\n99 x+ …\[\d+ chars cut\]… x+$/);
});

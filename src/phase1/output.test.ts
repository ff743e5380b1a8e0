import { test } from "node:test";
import assert from "node:assert/strict";
import { REDACTED } from "../redact/redact.js";
import { RAW_MEMORY_MAX_BYTES, ROLLOUT_SUMMARY_MAX_BYTES } from "./constants.js";
import { STAGE1_OUTPUT_SCHEMA, Stage1ParseError, capBytes, parseStage1Output, sanitizeSlug } from "./output.js";

const good = { rollout_summary: "# Fixed sum\nOutcome: success", rollout_slug: "fix-sum", raw_memory: "---\ndescription: sum bug\n---" };

function parseError(text: string): Stage1ParseError {
  try {
    parseStage1Output(text);
  } catch (err) {
    assert.ok(err instanceof Stage1ParseError, `expected Stage1ParseError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a parse error");
}

test("the schema requires all three keys, keeps the slug nullable and forbids extra keys", () => {
  assert.deepEqual([...STAGE1_OUTPUT_SCHEMA.required].sort(), ["raw_memory", "rollout_slug", "rollout_summary"]);
  assert.deepEqual(STAGE1_OUTPUT_SCHEMA.properties.rollout_slug.type, ["string", "null"]);
  assert.equal(STAGE1_OUTPUT_SCHEMA.additionalProperties, false);
});

test("plain JSON parses and is trimmed", () => {
  const out = parseStage1Output(JSON.stringify({ ...good, rollout_summary: `  ${good.rollout_summary}\n\n` }));
  assert.deepEqual(out, { kind: "memory", rolloutSummary: good.rollout_summary, rolloutSlug: "fix-sum", rawMemory: good.raw_memory });
});

test("a fenced ```json block parses", () => {
  const out = parseStage1Output("Here you go:\n```json\n" + JSON.stringify(good, null, 2) + "\n```\n");
  assert.equal(out.kind, "memory");
});

test("JSON embedded in prose parses, braces inside strings included", () => {
  const withBraces = { ...good, raw_memory: "use `{}` and `}` carefully" };
  const out = parseStage1Output(`Sure! ${JSON.stringify(withBraces)} Hope this helps {not json}.`);
  assert.ok(out.kind === "memory" && out.rawMemory === "use `{}` and `}` carefully");
});

test("legacy keys are accepted", () => {
  const out = parseStage1Output(JSON.stringify({ summary: "s", rawMemory: "r", slug: "Old Slug" }));
  assert.deepEqual(out, { kind: "memory", rolloutSummary: "s", rolloutSlug: "old-slug", rawMemory: "r" });
  const out2 = parseStage1Output(JSON.stringify({ rolloutSummary: "s", raw_memory: "r" }));
  assert.ok(out2.kind === "memory" && out2.rolloutSlug === null);
});

test("all-empty is the no-signal sentinel", () => {
  assert.deepEqual(parseStage1Output('{"rollout_summary":"","rollout_slug":null,"raw_memory":"  "}'), { kind: "empty" });
  assert.deepEqual(parseStage1Output('{"rollout_summary":" ","rollout_slug":"x","raw_memory":""}'), { kind: "empty" });
});

test("exactly one empty field is an error naming the empty one", () => {
  const e1 = parseError('{"rollout_summary":"s","rollout_slug":null,"raw_memory":""}');
  assert.equal(e1.reason, "half_empty");
  assert.match(e1.message, /raw_memory is empty/);
  const e2 = parseError('{"rollout_summary":"","rollout_slug":null,"raw_memory":"r"}');
  assert.match(e2.message, /rollout_summary is empty/);
});

test("non-JSON, non-objects, missing fields and wrong types are typed errors", () => {
  assert.equal(parseError("I could not find anything useful.").reason, "not_json");
  assert.equal(parseError("[1,2]").reason, "not_object");
  assert.equal(parseError('{"rollout_summary":"s"}').reason, "missing_field");
  assert.equal(parseError('{"rollout_summary":5,"raw_memory":"r"}').reason, "wrong_type");
  assert.equal(parseError('{"rollout_summary":"s","raw_memory":"r","rollout_slug":3}').reason, "wrong_type");
  assert.equal(parseError('{"rollout_summary": "unterminated').reason, "not_json");
});

test("oversize fields are capped on a line boundary with a marker", () => {
  const line = "- a fact about the build that repeats\n";
  const raw = line.repeat(Math.ceil((RAW_MEMORY_MAX_BYTES * 2) / line.length));
  const summary = line.repeat(Math.ceil((ROLLOUT_SUMMARY_MAX_BYTES * 2) / line.length));
  const out = parseStage1Output(JSON.stringify({ rollout_summary: summary, rollout_slug: null, raw_memory: raw }));
  assert.ok(out.kind === "memory");
  assert.ok(Buffer.byteLength(out.rawMemory) <= RAW_MEMORY_MAX_BYTES);
  assert.ok(Buffer.byteLength(out.rolloutSummary) <= ROLLOUT_SUMMARY_MAX_BYTES);
  assert.match(out.rawMemory, /- a fact about the build that repeats\n…\[cut by engram: \d+ more bytes\]$/);
});

test("capBytes cuts inside a single enormous line rather than returning nothing", () => {
  const out = capBytes("é".repeat(1_000), 100);
  assert.ok(Buffer.byteLength(out) <= 100);
  assert.match(out, /^é+\n…\[cut by engram/);
});

test("slugs are sanitised to lowercase ascii, - and _, at most 60 chars; empty becomes null", () => {
  assert.equal(sanitizeSlug("Fix: Sum Test / Subtraction!"), "fix-sum-test-subtraction");
  assert.equal(sanitizeSlug("Ünïcode_ok"), "unicode_ok");
  assert.equal(sanitizeSlug("../../etc/passwd"), "etc-passwd");
  assert.equal(sanitizeSlug("!!!"), null);
  assert.equal(sanitizeSlug(""), null);
  const long = sanitizeSlug("a-".repeat(100))!;
  assert.ok(long.length <= 60 && !long.endsWith("-"));
  const out = parseStage1Output(JSON.stringify({ ...good, rollout_slug: "   " }));
  assert.ok(out.kind === "memory" && out.rolloutSlug === null);
});

test("secrets the model copied into its output are redacted in every field", () => {
  const key = "sk-live0123456789abcdefghijkl";
  const out = parseStage1Output(
    JSON.stringify({ rollout_summary: `Used ${key}`, rollout_slug: "key", raw_memory: `- export OPENAI_API_KEY=${key}\n- AKIAABCDEFGHIJKLMNOP` }),
  );
  assert.ok(out.kind === "memory");
  assert.ok(!out.rolloutSummary.includes(key) && !out.rawMemory.includes(key) && !out.rawMemory.includes("AKIAABCDEFGHIJKLMNOP"));
  assert.equal(out.rolloutSummary, `Used ${REDACTED}`);
});

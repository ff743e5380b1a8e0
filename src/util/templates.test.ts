import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadTemplates, renderTemplate, templateProblems } from "./templates.js";

/** A fake module file with a prompts/ folder beside it, in a temp dir. */
function moduleWithPrompts(files: Record<string, string>): URL {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-templates-"));
  fs.mkdirSync(path.join(dir, "prompts"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "prompts", name), text);
  return pathToFileURL(path.join(dir, "module.js"));
}

test("rendering fills every placeholder in one pass and fails loudly on a missing value", () => {
  assert.equal(renderTemplate("a {{ x }} b {{x}}", { x: "1" }), "a 1 b 1");
  assert.equal(renderTemplate("{{ x }}", { x: "{{ y }} $& $1" }), "{{ y }} $& $1");
  assert.throws(() => renderTemplate("a {{ x }} b {{y}}", { x: "1" }), /\{\{ y \}\} has no value/);
});

test("template checks report missing and unknown placeholders", () => {
  assert.deepEqual(templateProblems("{{ a }} {{ c }}", ["a", "b"]), ["missing placeholder {{ b }}", "unknown placeholder {{ c }}"]);
  assert.deepEqual(templateProblems("{{ a }}{{ b }}", ["a", "b"]), []);
});

test("loadTemplates reads each template beside the module and checks its placeholders", () => {
  const url = moduleWithPrompts({ "a.md": "hello {{ who }}\n", "b.md": "plain\n" });
  assert.deepEqual(loadTemplates(url, "test", { "a.md": ["who"], "b.md": [] }), { "a.md": "hello {{ who }}\n", "b.md": "plain\n" });
  assert.throws(() => loadTemplates(url, "phase-x", { "a.md": ["who", "when"] }), /phase-x prompt template .*a\.md: missing placeholder \{\{ when \}\}/);
  assert.throws(() => loadTemplates(url, "phase-x", { "b.md": [], "c.md": [] }), /phase-x prompt template .*c\.md cannot be read/);
});

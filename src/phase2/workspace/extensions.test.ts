import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseFilenameTimestamp, pruneExtensionResources } from "./extensions.js";
import { fileTimestamp } from "./summaryFiles.js";

const DAY = 86_400;

test("prunes only old timestamped resources of extensions that have instructions (cutoff inclusive)", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ext-"));
  const now = 1_800_000_000;
  const put = (rel: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), "x");
  };
  put("extensions/chronicle/instructions.md");
  const old = `extensions/chronicle/resources/${fileTimestamp(now - 8 * DAY)}-old.md`;
  const edge = `extensions/chronicle/resources/${fileTimestamp(now - 7 * DAY)}-edge.md`;
  const fresh = `extensions/chronicle/resources/${fileTimestamp(now - 6 * DAY)}-fresh.md`;
  const invalid = "extensions/chronicle/resources/not-a-timestamp.md";
  const badDate = "extensions/chronicle/resources/2020-13-45T99-00-00-bad.md";
  const notMd = `extensions/chronicle/resources/${fileTimestamp(now - 30 * DAY)}-old.txt`;
  const noInstructions = `extensions/orphan/resources/${fileTimestamp(now - 30 * DAY)}-old.md`;
  for (const f of [old, edge, fresh, invalid, badDate, notMd, noInstructions]) put(f);

  const removed = pruneExtensionResources(root, now);
  assert.deepEqual(removed.map((r) => `${r.extension}/${r.resource}`), [edge, old].map((f) => f.replace("extensions/", "")).sort());
  for (const f of [old, edge]) assert.equal(fs.existsSync(path.join(root, f)), false, f);
  for (const f of [fresh, invalid, badDate, notMd, noInstructions]) assert.ok(fs.existsSync(path.join(root, f)), f);
});

test("a folder without extensions prunes nothing", () => {
  assert.deepEqual(pruneExtensionResources(fs.mkdtempSync(path.join(os.tmpdir(), "engram-ext-")), 0), []);
});

test("filename timestamps parse as UTC and reject impossible dates", () => {
  assert.equal(parseFilenameTimestamp("1970-01-02T00-00-00-x.md"), DAY);
  assert.equal(parseFilenameTimestamp("2021-02-30T00-00-00.md"), null);
  assert.equal(parseFilenameTimestamp("2021-02-03"), null);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTool, ToolSession } from "../tools/index.js";
import { prepareWorkspace } from "./prepare.js";
import { commitWorkspace, snapshotWorkspace } from "./history.js";
import { parseTouchedJournal, repairFromSnapshot, startTouchedJournal, touchedJournalPath } from "./repair.js";

async function workspace(): Promise<string> {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "engram-repair-")), "memories");
  fs.mkdirSync(root, { recursive: true });
  await prepareWorkspace(root);
  return root;
}
const write = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), "utf8");

test("the journal parser dedupes paths, ignores a torn last line and distrusts anything else odd", () => {
  assert.deepEqual(parseTouchedJournal('"a.md"\n"b/c.md"\n"a.md"\n'), ["a.md", "b/c.md"]);
  assert.deepEqual(parseTouchedJournal('"a.md"\n"b/c'), ["a.md"]);
  assert.deepEqual(parseTouchedJournal(""), []);
  assert.equal(parseTouchedJournal('"a.md"\nnot json\n"b.md"\n'), null);
  for (const bad of ['"../x"', '"/etc/passwd"', '".git/hooks/pre-commit"', '"a//b"', "42"]) assert.equal(parseTouchedJournal(`${bad}\n`), null, bad);
});

test("the tools journal every path they change, before the change, and nothing they refuse", async () => {
  const root = await workspace();
  write(root, "MEMORY.md", "m\n");
  write(root, "skills/a/SKILL.md", "a\n");
  const session = new ToolSession(root, { touchedJournal: startTouchedJournal(root) });
  const call = (name: string, args: object) => runTool(session, name, JSON.stringify(args));
  assert.ok(call("write", { path: "memory_summary.md", content: "v1\n" }).ok);
  assert.ok(call("edit", { path: "MEMORY.md", oldText: "m", newText: "n" }).ok);
  assert.ok(call("move", { from: "skills/a", to: "skills/b" }).ok);
  assert.ok(call("delete", { path: "skills/b/SKILL.md" }).ok);
  assert.ok(!call("write", { path: "../escape.md", content: "x" }).ok);
  assert.ok(!call("write", { path: ".git/hooks/x", content: "x" }).ok);
  assert.ok(call("read", { path: "MEMORY.md" }).ok, "reads are not journalled");
  assert.deepEqual(parseTouchedJournal(fs.readFileSync(touchedJournalPath(root), "utf8")), ["memory_summary.md", "MEMORY.md", "skills/a", "skills/b", "skills/b/SKILL.md"]);
});

test("a repair puts back only the journalled paths and keeps every other change, even ones made after the crash", async () => {
  const root = await workspace();
  write(root, "MEMORY.md", "good handbook\n");
  write(root, "memory_summary.md", "v1\ngood summary\n");
  await commitWorkspace(root, { message: "base" });
  write(root, "memory_summary.md", "v1\nuser edit before the run\n");
  const snapshot = await snapshotWorkspace(root);
  const session = new ToolSession(root, { touchedJournal: startTouchedJournal(root) });
  runTool(session, "write", JSON.stringify({ path: "MEMORY.md", content: "PARTIAL\n" }));
  runTool(session, "write", JSON.stringify({ path: "skills/half/SKILL.md", content: "half\n" }));
  // crash; then the user edits a file the agent never touched and adds a note
  write(root, "memory_summary.md", "v1\nuser edit after the crash\n");
  write(root, "extensions/ad_hoc/notes/n.md", "remember this\n");
  assert.deepEqual(await repairFromSnapshot(root, snapshot), ["MEMORY.md", "skills/half/SKILL.md"]);
  assert.equal(read(root, "MEMORY.md"), "good handbook\n");
  assert.ok(!fs.existsSync(path.join(root, "skills")), "a folder only the agent created is gone");
  assert.equal(read(root, "memory_summary.md"), "v1\nuser edit after the crash\n");
  assert.equal(read(root, "extensions/ad_hoc/notes/n.md"), "remember this\n");
});

test("without a journal the repair falls back to restoring the whole folder to the snapshot", async () => {
  const root = await workspace();
  write(root, "MEMORY.md", "good\n");
  const snapshot = await snapshotWorkspace(root);
  write(root, "MEMORY.md", "PARTIAL\n");
  write(root, "stray.md", "x\n");
  assert.equal(await repairFromSnapshot(root, snapshot), null);
  assert.equal(read(root, "MEMORY.md"), "good\n");
  assert.ok(!fs.existsSync(path.join(root, "stray.md")));
});

test("a repair never deletes through a folder that was swapped for a symlink after the crash", async () => {
  const root = await workspace();
  write(root, "MEMORY.md", "good handbook\n");
  await commitWorkspace(root, { message: "base" });
  const snapshot = await snapshotWorkspace(root);
  const session = new ToolSession(root, { touchedJournal: startTouchedJournal(root) });
  runTool(session, "write", JSON.stringify({ path: "skills/half/SKILL.md", content: "half\n" }));
  // crash; then skills/ is replaced by a link to a folder outside the memory root
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "engram-repair-outside-"));
  try {
    write(outside, "half/SKILL.md", "someone else's file\n");
    fs.rmSync(path.join(root, "skills"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, "skills"));
    await repairFromSnapshot(root, snapshot);
    assert.equal(read(outside, "half/SKILL.md"), "someone else's file\n");
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

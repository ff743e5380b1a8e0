import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { materialiseInputs } from "./materialise.js";
import { renderRawMemoriesFile, renderRolloutSummaryFile, rolloutSummaryFileStem, sanitiseSlug, type MemoryInput } from "./summaryFiles.js";

const V7 = "019c6e27-e55b-73d1-87d8-4e01f1f75043"; // v7: embedded time 2026-02-18T00:30:34Z, low 32 bits f1f75043
const mem = (over: Partial<MemoryInput> = {}): MemoryInput => ({
  threadId: V7,
  sourceUpdatedAt: 1_700_000_000,
  rawMemory: "  raw facts\n\n",
  rolloutSummary: "summary body\n",
  rolloutSlug: "Weekly Memory Report: pivot from git history!",
  rolloutPath: "/home/u/.codex/sessions/r.jsonl",
  cwd: "/home/u/proj",
  gitBranch: "main",
  ...over,
});

test("the stem uses the v7 UUID time, a 4-char base-62 hash of the low 32 bits and a sanitised slug", () => {
  assert.equal(rolloutSummaryFileStem(mem()), "2026-02-18T00-30-34-JjOz-weekly_memory_report__pivot_from_git_history");
  assert.equal(rolloutSummaryFileStem(mem({ rolloutSlug: null })), "2026-02-18T00-30-34-JjOz");
  assert.equal(rolloutSummaryFileStem(mem({ rolloutSlug: "___" })), "2026-02-18T00-30-34-JjOz");
});

test("a non-v7 or non-UUID thread id falls back to source_updated_at and a rolling hash", () => {
  assert.equal(rolloutSummaryFileStem(mem({ threadId: "thread-abc", rolloutSlug: null })), "2023-11-14T22-13-20-ojin");
  const v4 = rolloutSummaryFileStem(mem({ threadId: "9b2f0c1e-4d5a-4b6c-8d7e-0f1a2b3c4d5e", rolloutSlug: null }));
  assert.match(v4, /^2023-11-14T22-13-20-[0-9a-zA-Z]{4}$/);
});

test("stem shape: 19-char timestamp, 4-char hash, slug at most 60 chars of [a-z0-9_]", () => {
  const stem = rolloutSummaryFileStem(mem({ rolloutSlug: "Ünïcode & spaces — ".repeat(10) }));
  const m = /^(.{19})-([0-9a-zA-Z]{4})-(.*)$/.exec(stem);
  assert.ok(m, stem);
  assert.match(m[1]!, /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}$/);
  assert.ok(m[3]!.length <= 60);
  assert.match(m[3]!, /^[a-z0-9_]+$/);
  assert.equal(m[3]!.endsWith("_"), false);
  assert.equal(sanitiseSlug("a".repeat(70)).length, 60);
});

test("a summary file has the header, a blank line, the summary and one trailing newline", () => {
  assert.equal(
    renderRolloutSummaryFile(mem()),
    "thread_id: " + V7 + "\nupdated_at: 2023-11-14T22:13:20Z\nrollout_path: /home/u/.codex/sessions/r.jsonl\ncwd: /home/u/proj\ngit_branch: main\n\nsummary body\n",
  );
  assert.equal(renderRolloutSummaryFile(mem({ gitBranch: null })).includes("git_branch"), false);
});

test("raw_memories.md lists entries in ascending thread-id order with canonical headers", () => {
  const text = renderRawMemoriesFile([mem({ threadId: "b-thread", rawMemory: "B" }), mem({ threadId: "a-thread", rawMemory: "A" })]);
  assert.ok(text.startsWith("# Raw Memories\n\nMerged stage-1 raw memories (ascending thread id order):\n\n## Thread `a-thread`\n"));
  assert.ok(text.indexOf("`a-thread`") < text.indexOf("`b-thread`"));
  const entry = text.slice(text.indexOf("## Thread `a-thread`"));
  const order = ["## Thread", "updated_at:", "cwd:", "rollout_path:", "rollout_summary_file:"].map((k) => entry.indexOf(k));
  assert.deepEqual([...order].sort((x, y) => x - y), order);
  assert.match(entry, /rollout_summary_file: 2023-11-14T22-13-20-[0-9a-zA-Z]{4}-weekly_memory_report__pivot_from_git_history\.md\n\nA\n/);
  assert.equal(renderRawMemoriesFile([]), "# Raw Memories\n\nNo raw memories yet.\n");
});

test("materialise prunes stale summaries, keeps non-.md files and is byte-for-byte deterministic", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-mat-"));
  fs.mkdirSync(path.join(root, "rollout_summaries"));
  fs.writeFileSync(path.join(root, "rollout_summaries/old-thread.md"), "stale");
  fs.writeFileSync(path.join(root, "rollout_summaries/notes.txt"), "keep");
  const inputs = [mem(), mem({ threadId: "thread-abc", rolloutSlug: null })];
  const first = materialiseInputs(root, inputs);
  assert.deepEqual(first.removed, ["rollout_summaries/old-thread.md"]);
  assert.equal(first.written.length, 3);
  assert.ok(fs.existsSync(path.join(root, "rollout_summaries/notes.txt")));
  const snapshot = () =>
    fs.readdirSync(root, { recursive: true, encoding: "utf8" }).sort().map((f) => {
      const p = path.join(root, f);
      return fs.statSync(p).isFile() ? `${f}:${fs.readFileSync(p, "utf8")}:${fs.statSync(p).mtimeMs}` : f;
    });
  const before = snapshot();
  const second = materialiseInputs(root, [...inputs].reverse());
  assert.deepEqual(second.written, [], "same inputs write nothing");
  assert.deepEqual(snapshot(), before);
  const third = materialiseInputs(root, [inputs[0]!]);
  assert.equal(third.removed.length, 1);
  assert.ok(third.written.includes("raw_memories.md"));
});

test("materialise refuses a symlinked rollout_summaries folder", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-mat-"));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "engram-out-"));
  fs.symlinkSync(outside, path.join(root, "rollout_summaries"));
  assert.throws(() => materialiseInputs(root, [mem()]), /symlink/);
  assert.deepEqual(fs.readdirSync(outside), []);
});

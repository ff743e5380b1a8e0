import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scanSources } from "./scan.js";

function tempDir(): { dir: string; done: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "engram-scan-")));
  return { dir, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test("a file reachable from two sources is listed once, with the first source's archived flag", () => {
  const { dir, done } = tempDir();
  try {
    const sessions = path.join(dir, "sessions");
    fs.mkdirSync(path.join(sessions, "2026/11/23"), { recursive: true });
    const file = path.join(sessions, "2026/11/23/rollout-a.jsonl");
    fs.writeFileSync(file, "{}\n");
    const live = scanSources([{ dir: sessions, archived: false }, { dir: path.join(sessions, "2026"), archived: true }]);
    assert.deepEqual(live.files.map((f) => [f.path, f.archived]), [[file, false]]);
    const archived = scanSources([{ dir: path.join(sessions, "2026"), archived: true }, { dir: sessions, archived: false }]);
    assert.deepEqual(archived.files.map((f) => [f.path, f.archived]), [[file, true]]);
  } finally {
    done();
  }
});

test("only regular files (or links to them) named rollout-*.jsonl are listed: a link to a folder is not", () => {
  const { dir, done } = tempDir();
  try {
    const sessions = path.join(dir, "sessions");
    fs.mkdirSync(sessions);
    fs.writeFileSync(path.join(dir, "real.jsonl"), "{}\n");
    fs.mkdirSync(path.join(dir, "a-folder"));
    fs.writeFileSync(path.join(sessions, "rollout-file.jsonl"), "{}\n");
    fs.writeFileSync(path.join(sessions, "notes.jsonl"), "{}\n");
    fs.symlinkSync(path.join(dir, "real.jsonl"), path.join(sessions, "rollout-linked-file.jsonl"));
    fs.symlinkSync(path.join(dir, "a-folder"), path.join(sessions, "rollout-linked-folder.jsonl"));
    fs.symlinkSync(path.join(dir, "nowhere"), path.join(sessions, "rollout-dangling.jsonl"));
    const names = scanSources([{ dir: sessions, archived: false }]).files.map((f) => path.basename(f.path));
    assert.deepEqual(names, ["rollout-file.jsonl", "rollout-linked-file.jsonl"]);
  } finally {
    done();
  }
});

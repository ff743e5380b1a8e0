import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgress, createStatusLine } from "./progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { out: string[] } {
  const out: string[] = [];
  return { isTTY, columns: 80, out, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream & { out: string[] };
}

test("off a terminal, the status line prints each stage's first and last text, not every update", () => {
  const stream = fakeStream(false);
  const line = createStatusLine(true, stream);
  for (let i = 0; i <= 10_000; i++) line.show(`indexing: ${i}/10000 file(s)`);
  line.show("extracting memories: 0/2 session(s)");
  line.show("extracting memories: 1/2 session(s)");
  line.show("extracting memories: 2/2 session(s)");
  line.show("consolidation: claim");
  line.stop();
  assert.deepEqual(stream.out, [
    "indexing: 0/10000 file(s)\n",
    "indexing: 10000/10000 file(s)\n",
    "extracting memories: 0/2 session(s)\n",
    "extracting memories: 2/2 session(s)\n",
    "consolidation: claim\n",
  ]);
});

test("off a terminal, a text already printed is not repeated at a stage change or on stop()", () => {
  const stream = fakeStream(false);
  const line = createStatusLine(true, stream);
  line.show("indexing: 0/0 file(s)");
  line.show("consolidation: claim");
  line.stop();
  line.stop();
  assert.deepEqual(stream.out, ["indexing: 0/0 file(s)\n", "consolidation: claim\n"]);
});

test("off a terminal, a progress that was never started prints nothing (no label-less ': 0/0' line)", () => {
  const stream = fakeStream(false);
  const progress = createProgress({ enabled: true, stream });
  progress.update(0, "");
  progress.stop();
  assert.deepEqual(stream.out, []);
});

test("on a terminal, the status line redraws in place and clears itself at the end", () => {
  const stream = fakeStream(true);
  const line = createStatusLine(true, stream);
  line.show("indexing: 1/2 file(s)");
  line.show("indexing: 2/2 file(s)");
  line.stop();
  assert.deepEqual(stream.out, ["\r\x1b[2Kindexing: 1/2 file(s)", "\r\x1b[2Kindexing: 2/2 file(s)", "\r\x1b[2K"]);
});

test("a disabled status line prints nothing", () => {
  const stream = fakeStream(false);
  const line = createStatusLine(false, stream);
  line.show("indexing: 1/2 file(s)");
  line.stop();
  assert.deepEqual(stream.out, []);
});

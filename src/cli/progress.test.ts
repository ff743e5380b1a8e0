import { test } from "node:test";
import assert from "node:assert/strict";
import { createStatusLine } from "./progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { out: string[] } {
  const out: string[] = [];
  return { isTTY, columns: 80, out, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream & { out: string[] };
}

test("off a terminal, the status line prints on each stage change and not on every update", () => {
  const stream = fakeStream(false);
  const line = createStatusLine(true, stream);
  for (let i = 0; i < 10_000; i++) line.show(`indexing: ${i}/10000 file(s)`);
  line.show("extracting memories: 0/2 session(s)");
  line.show("extracting memories: 1/2 session(s)");
  line.show("consolidation: claim");
  assert.deepEqual(stream.out, ["indexing: 0/10000 file(s)\n", "extracting memories: 0/2 session(s)\n", "consolidation: claim\n"]);
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

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { lastLineStillMatches, readRollout, readRolloutSync } from "./read.js";
import type { ReadEnd, ReadRolloutOptions, RolloutEvent } from "./types.js";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/codex-0.169");
const tmp = mkdtempSync(join(tmpdir(), "engram-read-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string, options?: ReadRolloutOptions): Promise<{ events: RolloutEvent[]; end: ReadEnd }> {
  const events: RolloutEvent[] = [];
  const gen = readRollout(file, options);
  for (;;) {
    const r = await gen.next();
    if (r.done) return { events, end: r.value };
    events.push(r.value);
  }
}

let fileCounter = 0;
function writeTemp(content: string | Buffer): string {
  const file = join(tmp, `r${fileCounter++}.jsonl`);
  writeFileSync(file, content);
  return file;
}

const line = (type: string, payload: unknown = {}) => JSON.stringify({ timestamp: "2026-11-23T11:43:57.716Z", type, payload });

describe("readRollout on real Codex 0.169 rollouts", () => {
  for (const [name, count] of [["4edc", 40], ["54bc", 26], ["6d96", 19]] as const) {
    it(`reads every line of the …${name}… fixture with no bad line and ends at the file size`, async () => {
      const file = join(FIXTURES, readdirSync(FIXTURES).find((f) => f.includes(`-${name}-`))!);
      const bytes = readFileSync(file);
      const { events, end } = await readAll(file);
      assert.equal(events.length, count);
      assert.ok(events.every((e) => e.kind === "line"));
      assert.deepEqual(events.map((e) => (e.kind === "line" ? e.lineNumber : 0)), Array.from({ length: count }, (_, i) => i + 1));
      const first = events[0]!;
      assert.ok(first.kind === "line" && first.line.type === "session_meta" && first.offset === 0);
      assert.equal(end.offset, bytes.length);
      assert.equal(end.linesRead, count);
      assert.equal(end.partialBytes, 0);
      const lastStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
      assert.deepEqual(end.lastLine, { offset: lastStart, sha1: createHash("sha1").update(bytes.subarray(lastStart)).digest("hex") });
      assert.deepEqual(readRolloutSync(file), { events, end });
    });
  }
});

describe("readRollout on damaged or unusual files", () => {
  it("accepts a UTF-8 byte order mark before line 1 (and only there: a BOM later is a bad line)", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const file = writeTemp(Buffer.concat([bom, Buffer.from(line("session_meta") + "\n"), bom, Buffer.from(line("turn_context") + "\n")]));
    const { events } = await readAll(file);
    assert.equal(events.length, 2);
    const [first, second] = events;
    assert.ok(first!.kind === "line" && first!.line.type === "session_meta" && first!.offset === 0);
    assert.ok(second!.kind === "bad" && second!.error.line === 2 && second!.error.reason.startsWith("invalid JSON"));
    assert.deepEqual(readRolloutSync(file).events, events);
    const resumed = await readAll(file, { fromOffset: first!.kind === "line" ? 3 + line("session_meta").length + 1 : 0, firstLineNumber: 2 });
    assert.equal(resumed.events[0]!.kind, "bad");
  });

  it("treats a line holding only a BOM as blank", async () => {
    const file = writeTemp(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x0a]), Buffer.from(line("session_meta") + "\n")]));
    const { events } = await readAll(file);
    assert.deepEqual(events.map((e) => (e.kind === "line" ? e.lineNumber : -1)), [2]);
  });

  it("reports an invalid JSON line with file and line number and still reads the rest", async () => {
    const file = writeTemp([line("session_meta"), '{"type": "event_msg", "payload": {', line("turn_context")].join("\n") + "\n");
    const { events, end } = await readAll(file);
    assert.equal(events.length, 3);
    const bad = events[1]!;
    assert.ok(bad.kind === "bad");
    assert.equal(bad.error.file, file);
    assert.equal(bad.error.line, 2);
    assert.equal(bad.error.offset, line("session_meta").length + 1);
    assert.match(bad.error.reason, /^invalid JSON: /);
    const third = events[2]!;
    assert.ok(third.kind === "line" && third.lineNumber === 3 && third.line.type === "turn_context");
    assert.equal(end.linesRead, 3);
  });

  it("reports invalid UTF-8 bytes but accepts a genuine U+FFFD character", async () => {
    const broken = Buffer.concat([Buffer.from('{"type":"x","payload":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]);
    const genuine = Buffer.from(line("x", "a\uFFFDb") + "\n");
    const { events } = await readAll(writeTemp(Buffer.concat([broken, genuine])));
    const [bad, good] = events;
    assert.deepEqual(bad, { kind: "bad", error: { file: bad?.kind === "bad" ? bad.error.file : "", line: 1, offset: 0, reason: "invalid UTF-8" } });
    assert.ok(good?.kind === "line" && good.line.payload === "a\uFFFDb");
  });

  it("reports JSON that is not an object with a string type and a payload", async () => {
    const shapes = ["[1,2]", "42", '"text"', "null", '{"type":"x"}', '{"type":7,"payload":{}}', '{"payload":{}}'];
    const { events } = await readAll(writeTemp(shapes.join("\n") + "\n" + line("ok") + "\n"));
    assert.deepEqual(events.slice(0, shapes.length).map((e) => (e.kind === "bad" ? e.error.reason : "line")), shapes.map(() => "not an object with a string `type` and a `payload`"));
    assert.ok(events[shapes.length]!.kind === "line");
  });

  it("skips blank lines silently, tolerates CRLF endings and keeps counting line numbers", async () => {
    const file = writeTemp(`\n${line("a")}\r\n\r\n\n${line("b")}\r\n`);
    const { events, end } = await readAll(file);
    assert.deepEqual(events.map((e) => (e.kind === "line" ? [e.lineNumber, e.line.type] : e.error.reason)), [[2, "a"], [5, "b"]]);
    assert.equal(end.linesRead, 5);
    assert.equal(end.offset, readFileSync(file).length);
  });

  it("leaves a partial last line for later and reads it with the right line number once completed", async () => {
    const complete = `${line("a")}\n${line("b")}\n`;
    const tail = line("c", { n: 3 });
    const file = writeTemp(complete + tail.slice(0, 20));
    const first = await readAll(file);
    assert.equal(first.events.length, 2);
    assert.ok(first.events.every((e) => e.kind === "line"));
    assert.equal(first.end.offset, Buffer.byteLength(complete));
    assert.equal(first.end.partialBytes, 20);
    assert.equal(first.end.linesRead, 2);
    assert.equal(await lastLineStillMatches(file, first.end), true);

    appendFileSync(file, tail.slice(20) + "\n");
    const second = await readAll(file, { fromOffset: first.end.offset, firstLineNumber: first.end.linesRead + 1 });
    assert.equal(second.events.length, 1);
    const ev = second.events[0]!;
    assert.ok(ev.kind === "line");
    assert.equal(ev.lineNumber, 3);
    assert.equal(ev.offset, first.end.offset);
    assert.deepEqual(ev.line.payload, { n: 3 });
    assert.equal(second.end.linesRead, 3);
    assert.equal(second.end.partialBytes, 0);
    assert.equal(second.end.offset, readFileSync(file).length);
  });

  it("detects a rewritten or truncated file through the last line's sha1", async () => {
    const file = writeTemp(`${line("a")}\n${line("b")}\n`);
    const { end } = await readAll(file);
    assert.equal(await lastLineStillMatches(file, end), true);
    writeFileSync(file, `${line("a")}\n${line("B")}\n`);
    assert.equal(await lastLineStillMatches(file, end), false);
    writeFileSync(file, `${line("a")}\n`);
    assert.equal(await lastLineStillMatches(file, end), false);
  });

  it("returns an empty read for an empty file and for an offset at the end", async () => {
    const empty = await readAll(writeTemp(""));
    assert.deepEqual(empty, { events: [], end: { offset: 0, linesRead: 0, lastLine: null, partialBytes: 0 } });
    const file = writeTemp(`${line("a")}\n`);
    const atEnd = await readAll(file, { fromOffset: readFileSync(file).length, firstLineNumber: 2 });
    assert.deepEqual(atEnd.end, { offset: readFileSync(file).length, linesRead: 1, lastLine: null, partialBytes: 0 });
  });

  it("reads a single 20 MB line between two normal lines", async () => {
    const big = "x".repeat(20 * 1024 * 1024);
    const file = writeTemp(`${line("a")}\n${line("big", { text: big })}\n${line("c")}\n`);
    const { events, end } = await readAll(file);
    assert.deepEqual(events.map((e) => (e.kind === "line" ? e.line.type : e.error.reason)), ["a", "big", "c"]);
    const ev = events[1]!;
    assert.ok(ev.kind === "line" && (ev.line.payload as { text: string }).text.length === big.length);
    assert.equal(end.offset, readFileSync(file).length);
  });

  it("yields unknown line types and unknown fields as ordinary lines", async () => {
    const { events } = await readAll(writeTemp(`{"type":"from_the_future","payload":{"x":1},"extra":[1],"ordinal":9}\n`));
    const only = events[0]!;
    assert.ok(only.kind === "line" && only.line.type === "from_the_future" && only.line.ordinal === 9);
  });

  it("stops with an AbortError when the signal is aborted, before or during the read", async () => {
    const file = writeTemp(`${line("a")}\n${line("b")}\n${line("c")}\n`);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(readAll(file, { signal: pre.signal }), { name: "AbortError" });
    const mid = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of readRollout(file, { signal: mid.signal })) {
          if (e.kind === "line") seen.push(e.lineNumber);
          mid.abort();
        }
      })(),
      { name: "AbortError" },
    );
    assert.deepEqual(seen, [1]);
  });

  it("rejects with ENOENT for a missing file", async () => {
    await assert.rejects(readAll(join(tmp, "missing.jsonl")), { code: "ENOENT" });
  });

  it("keeps memory bounded while reading a 50 MB file of many lines", async () => {
    const lineText = line("response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text: "y".repeat(900) }] }) + "\n";
    const chunk = Buffer.from(lineText.repeat(1024)); // ~1 MB
    const file = join(tmp, "big.jsonl");
    writeFileSync(file, "");
    for (let i = 0; i < 50; i++) appendFileSync(file, chunk);
    const baseline = process.memoryUsage();
    let peakHeap = 0;
    let peakBuffers = 0;
    let count = 0;
    for await (const e of readRollout(file)) {
      if (e.kind === "line") count++;
      if ((count & 1023) === 0) {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed - baseline.heapUsed);
        peakBuffers = Math.max(peakBuffers, m.arrayBuffers - baseline.arrayBuffers);
      }
    }
    assert.equal(count, 50 * 1024);
    const MiB = 1024 * 1024;
    assert.ok(peakHeap < 40 * MiB, `heap grew by ${(peakHeap / MiB).toFixed(1)} MiB`);
    assert.ok(peakBuffers < 12 * MiB, `buffers grew by ${(peakBuffers / MiB).toFixed(1)} MiB`);
  });
});

/**
 * The I/O-free core of the rollout reader: a growable byte buffer that is filled by the caller
 * (async or sync file reads) and split into lines on byte 0x0A. Shared by `readRollout` and
 * `readRolloutSync` so both behave identically.
 *
 * Per line it does only: one `indexOf`, one `toString`, one `JSON.parse` and a shape check. The
 * (rare) U+FFFD check confirms invalid UTF-8 with a fatal decoder only when the replacement
 * character appears in the decoded text.
 */
import { createHash } from "node:crypto";
import type { RolloutEvent, RolloutLine } from "./types.js";

/** Initial read buffer: large enough that a typical rollout (< 4 MiB) is read in one syscall. */
export const READ_BUFFER_BYTES = 4 * 1024 * 1024;
/** Compact or grow before a read when less than this is free at the tail: avoids tiny reads. */
const MIN_READ_BYTES = 64 * 1024;
/** Bad-line reasons quote the parser's message; cap it so a 20 MB line never lands in a log. */
const MAX_REASON_CHARS = 200;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** A UTF-8 byte order mark: some editors and tools write one at the start of a file; it is not content. */
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** One spare 4 MiB buffer shared by sequential reads (indexing thousands of files allocates once). */
let spareBuffer: Buffer | null = null;

export const SHAPE_REASON = "not an object with a string `type` and a `payload`";

/**
 * Parses one line's text. Returns the line, or a string saying what is wrong with it.
 * Exported for tests and for callers that already hold a line's text.
 */
export function parseRolloutLineText(text: string): RolloutLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `invalid JSON: ${message.length > MAX_REASON_CHARS ? message.slice(0, MAX_REASON_CHARS) + "…" : message}`;
  }
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    typeof (value as { type?: unknown }).type !== "string" ||
    !("payload" in value)
  ) {
    return SHAPE_REASON;
  }
  return value as RolloutLine;
}

export class LineScanner {
  buf: Buffer;
  /** Start of the first unconsumed byte in `buf`. */
  private start = 0;
  /** End of valid data in `buf`. */
  private end = 0;
  /** File offset of `buf[0]`. */
  private bufFileOffset: number;
  private view: Buffer;
  private nextLineNumber: number;
  private linesConsumed = 0;
  /** Buffer start (-1 = none) and end of the last complete line consumed, hashed lazily (not per line). */
  private pendingLastStart = -1;
  private pendingLastEnd = 0;
  private lastLine: { offset: number; sha1: string } | null = null;

  constructor(
    private readonly file: string,
    fromOffset: number,
    firstLineNumber: number,
  ) {
    this.buf = spareBuffer ?? Buffer.allocUnsafe(READ_BUFFER_BYTES);
    spareBuffer = null;
    this.view = this.buf.subarray(0, 0);
    this.bufFileOffset = fromOffset;
    this.nextLineNumber = firstLineNumber;
  }

  /** Where the caller should read next: `read(buf, offset, length, position)`. Compacts/grows first. */
  readTarget(): { buf: Buffer; offset: number; length: number; position: number } {
    if (this.buf.length - this.end < MIN_READ_BYTES) {
      if (this.start > 0) {
        this.settlePendingLast();
        this.buf.copyWithin(0, this.start, this.end);
        this.bufFileOffset += this.start;
        this.end -= this.start;
        this.start = 0;
      }
      if (this.buf.length - this.end < MIN_READ_BYTES) {
        // One line is longer than the buffer: grow (only ever for very long lines).
        const grown = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(grown, 0, 0, this.end);
        this.buf = grown;
      }
    }
    return { buf: this.buf, offset: this.end, length: this.buf.length - this.end, position: this.bufFileOffset + this.end };
  }

  /** Records that `bytesRead` bytes were written at the read target. */
  commit(bytesRead: number): void {
    this.end += bytesRead;
    this.view = this.buf.subarray(0, this.end);
  }

  /** The next complete line in the buffer, or null when more bytes are needed. Skips blank lines. */
  next(): RolloutEvent | null {
    const buf = this.buf;
    for (;;) {
      const s = this.start;
      const nl = this.view.indexOf(NEWLINE, s);
      if (nl === -1) return null;
      this.start = nl + 1;
      const lineNumber = this.nextLineNumber++;
      this.linesConsumed++;
      const fileOffset = this.bufFileOffset + s;
      this.pendingLastStart = s;
      this.pendingLastEnd = nl + 1;
      const contentEnd = nl > s && buf[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl;
      const textStart = fileOffset === 0 && startsWithBom(buf, s, contentEnd) ? s + UTF8_BOM.length : s;
      if (contentEnd === textStart) continue; // blank line
      const text = buf.toString("utf8", textStart, contentEnd);
      let result: RolloutLine | string;
      if (text.includes("\uFFFD") && !isValidUtf8(buf.subarray(textStart, contentEnd))) {
        result = "invalid UTF-8";
      } else {
        result = parseRolloutLineText(text);
      }
      if (typeof result === "string") {
        return { kind: "bad", error: { file: this.file, line: lineNumber, offset: fileOffset, reason: result } };
      }
      return { kind: "line", lineNumber, offset: fileOffset, line: result };
    }
  }

  /** End-of-read summary; call once after the last read returned 0 bytes. Releases the buffer. */
  finish(): { offset: number; linesConsumed: number; lastLine: { offset: number; sha1: string } | null; partialBytes: number } {
    this.settlePendingLast();
    const result = {
      offset: this.bufFileOffset + this.start,
      linesConsumed: this.linesConsumed,
      lastLine: this.lastLine,
      partialBytes: this.end - this.start,
    };
    this.release();
    return result;
  }

  /** Returns the buffer to the spare slot (only the standard size, so a grown buffer is dropped). */
  release(): void {
    if (this.buf.length === READ_BUFFER_BYTES && spareBuffer === null) spareBuffer = this.buf;
    this.buf = Buffer.alloc(0);
    this.view = this.buf;
  }

  private settlePendingLast(): void {
    const s = this.pendingLastStart;
    if (s < 0) return;
    this.pendingLastStart = -1;
    const sha1 = createHash("sha1").update(this.buf.subarray(s, this.pendingLastEnd)).digest("hex");
    this.lastLine = { offset: this.bufFileOffset + s, sha1 };
  }
}

function startsWithBom(buf: Buffer, start: number, end: number): boolean {
  return end - start >= UTF8_BOM.length && UTF8_BOM.every((byte, i) => buf[start + i] === byte);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

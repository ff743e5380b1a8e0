/**
 * The rollout reader: streams a Codex rollout JSONL file line by line (contract in `types.ts`).
 *
 * - Reads fixed 4 MiB chunks into one reusable buffer (grown only for a longer single line).
 * - Yields `{kind:"line"}` for valid lines and `{kind:"bad"}` (file, line number, offset, reason)
 *   for invalid UTF-8, invalid JSON or a wrong shape, then goes on.
 * - Blank lines are skipped (but counted in line numbers); `\r\n` endings are tolerated.
 * - A last line without its newline is still being written: not yielded, not an error;
 *   `ReadEnd.offset` stops before it and `ReadEnd.partialBytes` counts it.
 * - `ReadEnd.lastLine.sha1` is the sha1 (hex) of the raw bytes `[lastLine.offset, ReadEnd.offset)`:
 *   the last complete line including its newline. `lastLineStillMatches` re-checks it.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { LineScanner } from "./lineScanner.js";
import type { ReadEnd, ReadRolloutOptions, RolloutEvent } from "./types.js";

export async function* readRollout(file: string, options: ReadRolloutOptions = {}): AsyncGenerator<RolloutEvent, ReadEnd> {
  const { signal } = options;
  signal?.throwIfAborted();
  const firstLineNumber = options.firstLineNumber ?? 1;
  const handle = await open(file, "r");
  const scanner = new LineScanner(file, options.fromOffset ?? 0, firstLineNumber);
  try {
    for (;;) {
      signal?.throwIfAborted();
      const t = scanner.readTarget();
      const { bytesRead } = await handle.read(t.buf, t.offset, t.length, t.position);
      if (bytesRead === 0) break;
      scanner.commit(bytesRead);
      let event: RolloutEvent | null;
      while ((event = scanner.next()) !== null) {
        yield event;
        if (signal?.aborted) signal.throwIfAborted();
      }
    }
    return toReadEnd(scanner.finish(), firstLineNumber);
  } finally {
    scanner.release();
    await handle.close();
  }
}

/** Synchronous twin of `readRollout` (same rules), for tests and small files: collects every event. */
export function readRolloutSync(file: string, options: Omit<ReadRolloutOptions, "signal"> = {}): { events: RolloutEvent[]; end: ReadEnd } {
  const events: RolloutEvent[] = [];
  const end = scanRolloutSync(file, options, (event) => events.push(event));
  return { events, end };
}

/**
 * The synchronous streaming reader: calls `onEvent` for each line as it is scanned, keeping nothing,
 * so memory stays bounded by the read buffer and the longest line whatever the file size, with no
 * per-line await. Same events, order and `ReadEnd` as `readRollout`.
 */
export function scanRolloutSync(
  file: string,
  options: Omit<ReadRolloutOptions, "signal">,
  onEvent: (event: RolloutEvent) => void,
): ReadEnd {
  const firstLineNumber = options.firstLineNumber ?? 1;
  const fd = openSync(file, "r");
  const scanner = new LineScanner(file, options.fromOffset ?? 0, firstLineNumber);
  try {
    for (;;) {
      const t = scanner.readTarget();
      const bytesRead = readSync(fd, t.buf, t.offset, t.length, t.position);
      if (bytesRead === 0) break;
      scanner.commit(bytesRead);
      let event: RolloutEvent | null;
      while ((event = scanner.next()) !== null) onEvent(event);
    }
    return toReadEnd(scanner.finish(), firstLineNumber);
  } finally {
    scanner.release();
    closeSync(fd);
  }
}

/**
 * True when the bytes at `end.lastLine` are still what was read (same sha1) and the file still
 * reaches `end.offset`: the file was only appended to since, so reading on from `end.offset` is safe.
 * False means it was truncated or rewritten: re-read it from offset 0 with a fresh fold.
 * A read that consumed no line (lastLine null) matches when the file is at least `end.offset` long.
 */
export async function lastLineStillMatches(file: string, end: Pick<ReadEnd, "offset" | "lastLine">): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size < end.offset) return false;
    if (end.lastLine === null) return true;
    const length = end.offset - end.lastLine.offset;
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(bytes, 0, length, end.lastLine.offset);
    if (bytesRead !== length) return false;
    return createHash("sha1").update(bytes).digest("hex") === end.lastLine.sha1;
  } finally {
    await handle.close();
  }
}

function toReadEnd(f: ReturnType<LineScanner["finish"]>, firstLineNumber: number): ReadEnd {
  return { offset: f.offset, linesRead: firstLineNumber - 1 + f.linesConsumed, lastLine: f.lastLine, partialBytes: f.partialBytes };
}

/**
 * Writes a Codex-shaped rollout holding ONE giant line (a user message, a tool output or an apply_patch
 * input of `megabytes` MB) without ever building that line as one string in the test process.
 */
import fs from "node:fs";
import path from "node:path";
import { syntheticRollout } from "../../bench/synthetic-rollout.js";

export type HugeKind = "user" | "output" | "patch";
export const HUGE_HEAD = "HUGE-HEAD-7f3a the start of the giant text";
export const HUGE_TAIL = "the end of the giant text HUGE-TAIL-9c1e";
const FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor. ";

/** The rollout's thread id and file name; the file is written into `dir`. */
export function writeHugeRollout(dir: string, seed: number, kind: HugeKind, megabytes: number): { id: string; file: string } {
  const { lines } = syntheticRollout(seed, 1);
  const meta = lines.find((l) => l.type === "session_meta")!.payload as { id: string };
  const file = path.join(dir, `rollout-2026-11-23T09-00-00-${meta.id}.jsonl`);
  const at = lines.at(-1)!.timestamp ?? new Date().toISOString();
  // The giant JSON line, split around the text so only the filler is repeated on disk.
  const [before, after] = giantLineParts(kind, at);
  const fd = fs.openSync(file, "w");
  try {
    for (const l of lines) fs.writeSync(fd, JSON.stringify(l) + "\n");
    fs.writeSync(fd, before + HUGE_HEAD + " ");
    const block = FILLER.repeat(Math.ceil((1 << 20) / FILLER.length));
    for (let written = 0; written < megabytes * (1 << 20); written += block.length) fs.writeSync(fd, block);
    fs.writeSync(fd, HUGE_TAIL + after + "\n");
  } finally {
    fs.closeSync(fd);
  }
  return { id: meta.id, file };
}

function giantLineParts(kind: HugeKind, timestamp: string): [string, string] {
  const SPLIT = "\u0000SPLIT\u0000";
  const payload =
    kind === "user"
      ? { type: "message", role: "user", content: [{ type: "input_text", text: SPLIT }] }
      : kind === "output"
        ? { type: "function_call_output", call_id: "call_huge", output: SPLIT }
        : { type: "custom_tool_call", name: "apply_patch", call_id: "call_patch", input: `*** Begin Patch\n${SPLIT}` };
  const line = JSON.stringify({ timestamp, ordinal: 100_000, type: "response_item", payload });
  const [before, after] = line.split(JSON.stringify(SPLIT).slice(1, -1)) as [string, string];
  return [before, after];
}

/**
 * Synthetic Codex rollouts for the index benchmark: realistic line types and sizes (session_meta with
 * long base instructions, turn_context, user/assistant messages, function calls with large outputs,
 * token_count events), laid out as `sessions/YYYY/MM/DD/rollout-…jsonl`, with a skewed size mix.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { rng } from "./rng.js";

/** Smallest and largest synthetic rollout: a one-question session up to a day-long agent run. */
const MIN_FILE_BYTES = 4 * 1024;
const MAX_FILE_BYTES = 40 * 1024 * 1024;
/** Average file size: 1 GB ≈ 10,000 files, like a heavy Codex user's history. */
const MEAN_FILE_BYTES = 100 * 1024;


const WORDS = "the a test file build error fix run npm node src index function return value config module import export async await const let patch diff line commit branch".split(" ");

/** 1 MiB of word soup, built once; texts are random slices of it (generating 1 GB word by word is too slow). */
let pool = "";
function text(rand: () => number, bytes: number): string {
  if (pool.length === 0) {
    const words: string[] = [];
    const r = rng(3);
    for (let n = 0; n < 1 << 20; ) {
      const w = r() < 0.08 ? "\n" : WORDS[Math.floor(r() * WORDS.length)]!;
      words.push(w);
      n += w.length + 1;
    }
    pool = words.join(" ");
  }
  let out = "";
  while (out.length < bytes) {
    const want = Math.min(bytes - out.length, pool.length >> 1);
    const at = Math.floor(rand() * (pool.length - want));
    out += pool.slice(at, at + want);
  }
  return out;
}

/** Pareto-like sizes (many small, a few huge), scaled so they add up to `totalBytes`. */
export function fileSizes(totalBytes: number, seed = 1): number[] {
  const rand = rng(seed);
  const count = Math.max(10, Math.round(totalBytes / MEAN_FILE_BYTES));
  const raw = Array.from({ length: count }, () => Math.min(MAX_FILE_BYTES, MIN_FILE_BYTES / Math.pow(1 - rand(), 1 / 1.15)));
  const scale = totalBytes / raw.reduce((a, b) => a + b, 0);
  return raw.map((s) => Math.max(MIN_FILE_BYTES, Math.min(MAX_FILE_BYTES, Math.round(s * scale))));
}

const line = (ts: Date, type: string, payload: unknown) => JSON.stringify({ timestamp: ts.toISOString(), type, payload }) + "\n";

/** Lines of one session, about `bytes` long. */
export function* sessionLines(id: string, bytes: number, start: Date, rand: () => number): Generator<string> {
  let t = start.getTime();
  const ts = () => new Date((t += 1000 + Math.floor(rand() * 20_000)));
  const cwd = `/home/dev/src/project-${Math.floor(rand() * 50)}`;
  let written = 0;
  const emit = (l: string) => ((written += l.length), l);
  yield emit(
    line(ts(), "session_meta", {
      id, timestamp: start.toISOString(), cwd, originator: "codex_cli_rs", cli_version: "0.169.0", source: "cli",
      model_provider: "openai", base_instructions: { text: text(rand, 12_000) },
      git: { commit_hash: randomUUID().replaceAll("-", ""), branch: "main", repository_url: "git@example.com:dev/p.git" },
    }),
  );
  yield emit(line(ts(), "turn_context", { cwd, approval_policy: "on-request", sandbox_policy: { type: "workspace-write" }, model: "gpt-5.5", effort: "medium" }));
  let tokens = 0;
  while (written < bytes) {
    const ask = text(rand, 80 + Math.floor(rand() * 600));
    yield emit(line(ts(), "response_item", { type: "message", role: "user", content: [{ type: "input_text", text: ask }] }));
    yield emit(line(ts(), "event_msg", { type: "user_message", message: ask, images: [] }));
    const calls = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < calls && written < bytes; i++) {
      const callId = `call_${Math.floor(rand() * 1e9)}`;
      yield emit(line(ts(), "response_item", { type: "function_call", name: "exec_command", arguments: JSON.stringify({ cmd: "npm test" }), call_id: callId }));
      // Tool outputs dominate real rollouts: mostly a few KB, sometimes hundreds of KB.
      const outBytes = rand() < 0.05 ? 100_000 + Math.floor(rand() * 400_000) : 500 + Math.floor(rand() * 6000);
      yield emit(line(ts(), "response_item", { type: "function_call_output", call_id: callId, output: text(rand, Math.min(outBytes, bytes)) }));
    }
    yield emit(line(ts(), "response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text: text(rand, 200 + Math.floor(rand() * 1500)) }] }));
    tokens += 5000 + Math.floor(rand() * 20_000);
    yield emit(line(ts(), "event_msg", { type: "token_count", info: { total_token_usage: { input_tokens: tokens, output_tokens: 100, total_tokens: tokens } } }));
  }
}

/** Writes synthetic rollouts totalling about `totalBytes` under `<root>/sessions`. Returns the file paths. */
export function writeSyntheticRollouts(root: string, totalBytes: number, onFile?: (done: number, total: number) => void): string[] {
  const rand = rng(7);
  const sizes = fileSizes(totalBytes);
  const files: string[] = [];
  const base = Date.UTC(2026, 0, 1);
  sizes.forEach((size, i) => {
    const start = new Date(base + i * 3_600_000);
    const [y, m, d] = start.toISOString().slice(0, 10).split("-");
    const dir = path.join(root, "sessions", y!, m!, d!);
    fs.mkdirSync(dir, { recursive: true });
    const id = randomUUID();
    const file = path.join(dir, `rollout-${start.toISOString().slice(0, 19).replaceAll(":", "-")}-${id}.jsonl`);
    const fd = fs.openSync(file, "w");
    let chunk = "";
    for (const l of sessionLines(id, size, start, rand)) {
      chunk += l;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = "";
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    files.push(file);
    onFile?.(i + 1, sizes.length);
  });
  return files;
}

/** Appends one more turn (user message, assistant reply, token_count) to a rollout, as a live session would. */
export function appendTurn(file: string, rand = rng(99)): void {
  const at = new Date(Date.UTC(2027, 0, 1));
  const ask = text(rand, 300);
  fs.appendFileSync(
    file,
    line(at, "response_item", { type: "message", role: "user", content: [{ type: "input_text", text: ask }] }) +
      line(at, "event_msg", { type: "user_message", message: ask, images: [] }) +
      line(at, "response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text: text(rand, 800) }] }) +
      line(at, "event_msg", { type: "token_count", info: { total_token_usage: { input_tokens: 1e6, output_tokens: 100, total_tokens: 1e6 } } }),
  );
}

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(text.trim());
  if (!m) throw new Error(`--size ${text}: expected e.g. 200MB or 1GB`);
  const unit = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? "B").toUpperCase() as "B"]!;
  return Math.round(Number(m[1]) * unit);
}

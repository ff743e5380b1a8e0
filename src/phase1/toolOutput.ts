/**
 * Compacting one tool output for the transcript: strip Codex's bookkeeping header, find the exit code,
 * keep the head and the tail, and rescue every error line from the cut middle (up to a cap).
 */
import { countTokens } from "../model/tokens.js";
import { capChars } from "./capChars.js";
import {
  ERROR_LINE_MAX_CHARS,
  OUTPUT_HEAD_LINES,
  OUTPUT_LINE_MAX_CHARS,
  OUTPUT_MAX_ERROR_LINES,
  OUTPUT_MAX_TOKENS,
  OUTPUT_TAIL_LINES,
} from "./constants.js";

/** Lines worth keeping whatever happens: failures, exceptions, assertion messages, npm errors. */
const ERROR_LINE = /error|exception|traceback|failed|failure|fatal|panic|assert|ERR!|\bFAIL\b|not ok\b|denied|cannot|segmentation fault/i;

export function isErrorLine(line: string): boolean {
  return ERROR_LINE.test(line);
}

/** Codex's header lines before the real output ("Chunk ID: …", "Wall time: …", "Output:"). */
const HEADER_LINE = /^(Chunk ID:|Wall time:|Process exited with code -?\d+|Exit code: -?\d+|Original token count:|Total output lines:|Output:\s*$|Process running with session ID)/;
const EXIT_CODE = /(?:Process exited with code|Exit code:)\s*(-?\d+)/;

export interface ParsedOutput {
  exitCode: number | null;
  body: string;
}

/** Text of a `function_call_output`/`custom_tool_call_output` `output` field, in any of its shapes.
 *  Each text part, and the whole, is cut to `maxChars` characters (head + tail) first. */
export function outputText(output: unknown, maxChars = Number.POSITIVE_INFINITY): string {
  if (typeof output === "string") return capChars(output, maxChars);
  if (Array.isArray(output)) {
    const joined = output
      .map((c) => {
        const item = c as { type?: string; text?: unknown };
        if (typeof item.text === "string") return capChars(item.text, maxChars);
        return item.type === "input_image" ? "[image]" : "";
      })
      .filter((s) => s.length > 0)
      .join("\n");
    return capChars(joined, maxChars);
  }
  if (output && typeof output === "object") {
    const o = output as { content?: unknown; output?: unknown };
    if (o.content !== undefined) return outputText(o.content, maxChars);
    if (o.output !== undefined) return outputText(o.output, maxChars);
  }
  return output === undefined || output === null ? "" : capChars(JSON.stringify(output), maxChars);
}

/** Splits an output into exit code and body. Handles Codex's text header and the older
 *  `{"output": "...", "metadata": {"exit_code": N}}` JSON wrapper. `maxChars` caps the text first (outputText). */
export function parseToolOutput(output: unknown, maxChars = Number.POSITIVE_INFINITY): ParsedOutput {
  let text = outputText(output, maxChars);
  let exitCode: number | null = null;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const wrapped = JSON.parse(trimmed) as { output?: unknown; metadata?: { exit_code?: unknown } };
      if (wrapped && typeof wrapped === "object" && typeof wrapped.output === "string") {
        text = wrapped.output;
        if (typeof wrapped.metadata?.exit_code === "number") exitCode = wrapped.metadata.exit_code;
      }
    } catch {
      // not a wrapper: plain output that happens to start with "{"
    }
  }
  const lines = text.split("\n");
  let start = 0;
  while (start < lines.length && start < 8 && HEADER_LINE.test(lines[start] ?? "")) {
    const m = EXIT_CODE.exec(lines[start] ?? "");
    if (m && exitCode === null) exitCode = Number(m[1]);
    start++;
  }
  if (exitCode === null) {
    const m = EXIT_CODE.exec(lines.slice(0, 8).join("\n"));
    if (m) exitCode = Number(m[1]);
  }
  return { exitCode, body: lines.slice(start).join("\n").replace(/\s+$/, "") };
}

function capLine(line: string, maxChars: number): string {
  if (line.length <= maxChars) return line;
  const half = Math.floor((maxChars - 20) / 2);
  return `${line.slice(0, half)} …[${line.length - 2 * half} chars cut]… ${line.slice(line.length - half)}`;
}

function cutMarker(lineCount: number, errorCount: number): string {
  return errorCount > 0
    ? `… [${lineCount} lines cut; ${errorCount} error lines from them kept below] …`
    : `… [${lineCount} lines cut] …`;
}

/**
 * Head + tail of `body` within OUTPUT_MAX_TOKENS, with error lines from the middle kept intact and a
 * marker saying how much was cut. Error lines in head/tail and rescued ones are never shortened below
 * ERROR_LINE_MAX_CHARS; head/tail shrink first when the cap is tight.
 */
export function compactOutput(body: string, maxTokens = OUTPUT_MAX_TOKENS): string {
  if (body.length === 0) return "";
  const lines = body.split("\n").map((l) => capLine(l, isErrorLine(l) ? ERROR_LINE_MAX_CHARS : OUTPUT_LINE_MAX_CHARS));
  const whole = lines.join("\n");
  if (lines.length <= OUTPUT_HEAD_LINES + OUTPUT_TAIL_LINES && countTokens(whole) <= maxTokens) return whole;

  let head = Math.min(OUTPUT_HEAD_LINES, lines.length);
  let tail = Math.min(OUTPUT_TAIL_LINES, lines.length - head);
  for (;;) {
    const text = assemble(lines, head, tail);
    if (countTokens(text) <= maxTokens || (head <= 2 && tail <= 2)) return text;
    if (head >= tail) head = Math.max(2, Math.floor(head / 2));
    else tail = Math.max(2, Math.floor(tail / 2));
  }
}

function assemble(lines: string[], head: number, tail: number): string {
  const middle = lines.slice(head, lines.length - tail);
  if (middle.length === 0) return lines.join("\n");
  const headLines = lines.slice(0, head);
  const tailLines = lines.slice(lines.length - tail);
  // Error lines cut from head/tail by shrinking are rescued like any middle error line.
  const errors = middle.filter(isErrorLine);
  const kept = errors.slice(0, OUTPUT_MAX_ERROR_LINES);
  const out = [...headLines, cutMarker(middle.length, kept.length), ...kept];
  if (errors.length > kept.length) out.push(`… [${errors.length - kept.length} more error lines cut] …`);
  out.push(...tailLines);
  return out.join("\n");
}

/** The read-only tools: `list`, `read`, `search`. Symlinks and `.git` are never listed or followed. */
import fs from "node:fs";
import path from "node:path";
import { countTokens } from "../../model/tokens.js";
import { GIT_DIRNAME } from "../layout.js";
import {
  TOOL_LIST_MAX_ENTRIES,
  TOOL_READ_MAX_TOKENS,
  TOOL_SEARCH_MAX_FILE_BYTES,
  TOOL_SEARCH_MAX_LINE_CHARS,
  TOOL_SEARCH_MAX_RESULTS,
} from "./constants.js";
import { resolveToolPath } from "./pathSafety.js";
import { ToolError, type ToolSession } from "./session.js";

export interface ListEntry {
  path: string;
  type: "file" | "directory";
  bytes?: number;
}

export interface ListResult {
  path: string;
  entries: ListEntry[];
  truncated: boolean;
}

const join = (dir: string, name: string) => (dir === "" ? name : `${dir}/${name}`);

/** Real files and directories under `dir` (relative), sorted, `.git` and symlinks skipped. */
function* walk(session: ToolSession, dirRel: string, recursive: boolean): Generator<ListEntry> {
  const dirAbs = path.join(session.root, dirRel);
  const names = fs.readdirSync(dirAbs).sort();
  for (const name of names) {
    if (name.toLowerCase() === GIT_DIRNAME) continue;
    const rel = join(dirRel, name);
    const st = fs.lstatSync(path.join(dirAbs, name), { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      yield { path: rel, type: "directory" };
      if (recursive) yield* walk(session, rel, true);
    } else if (st.isFile()) {
      yield { path: rel, type: "file", bytes: st.size };
    }
  }
}

export function listPath(session: ToolSession, args: { path?: string; recursive?: boolean }): ListResult {
  const p = resolveToolPath(session, args.path ?? "", { allowRoot: true });
  if (!p.stat) return { path: p.rel, entries: [], truncated: false };
  if (p.stat.isFile()) return { path: p.rel, entries: [{ path: p.rel, type: "file", bytes: p.stat.size }], truncated: false };
  const entries: ListEntry[] = [];
  let truncated = false;
  for (const e of walk(session, p.rel, args.recursive ?? false)) {
    if (entries.length >= TOOL_LIST_MAX_ENTRIES) {
      truncated = true;
      break;
    }
    entries.push(e);
  }
  return { path: p.rel, entries, truncated };
}

export interface ReadResult {
  path: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  content: string;
  truncated: boolean;
}

/** Reads a UTF-8 file; throws a ToolError naming the path when it is not a readable regular file. */
export function readTextFile(session: ToolSession, input: unknown): { rel: string; text: string } {
  const p = resolveToolPath(session, input);
  if (!p.stat) throw new ToolError(`not found: ${p.rel}`);
  if (!p.stat.isFile()) throw new ToolError(`not a file: ${p.rel}`);
  const bytes = fs.readFileSync(p.abs);
  try {
    return { rel: p.rel, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    throw new ToolError(`not a UTF-8 text file: ${p.rel}`);
  }
}

export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Lines `startLine`..`endLine` (1-based, inclusive), stopped early at the token cap. */
export function readLines(session: ToolSession, args: { path: string; startLine?: number; endLine?: number }): ReadResult {
  const { rel, text } = readTextFile(session, args.path);
  const lines = splitLines(text);
  const start = args.startLine ?? 1;
  if (!Number.isInteger(start) || start < 1) throw new ToolError("startLine must be an integer ≥ 1");
  if (lines.length > 0 && start > lines.length) throw new ToolError(`startLine ${start} is past the end of ${rel} (${lines.length} lines)`);
  const end = Math.min(args.endLine ?? lines.length, lines.length);
  if (!Number.isInteger(end) || (args.endLine !== undefined && args.endLine < start)) throw new ToolError("endLine must be an integer ≥ startLine");
  const out: string[] = [];
  let tokens = 0;
  let truncated = false;
  for (let i = start; i <= end; i++) {
    const line = lines[i - 1]!;
    const cost = countTokens(line) + 1;
    if (tokens + cost > TOOL_READ_MAX_TOKENS) {
      truncated = true;
      break;
    }
    tokens += cost;
    out.push(line);
  }
  return { path: rel, startLine: start, endLine: start + out.length - 1, totalLines: lines.length, content: out.join("\n"), truncated };
}

export interface SearchMatch {
  path: string;
  line: number;
  content: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  truncated: boolean;
}

export function searchFiles(
  session: ToolSession,
  args: { query: string; path?: string; caseSensitive?: boolean; maxResults?: number },
): SearchResult {
  if (typeof args.query !== "string" || args.query.length === 0) throw new ToolError("query must be a non-empty string");
  const max = Math.min(args.maxResults ?? TOOL_SEARCH_MAX_RESULTS, TOOL_SEARCH_MAX_RESULTS);
  if (!Number.isInteger(max) || max < 1) throw new ToolError("maxResults must be an integer ≥ 1");
  const p = resolveToolPath(session, args.path ?? "", { allowRoot: true });
  if (!p.stat) return { matches: [], truncated: false };
  const files: string[] = p.stat.isFile() ? [p.rel] : [...walk(session, p.rel, true)].filter((e) => e.type === "file").map((e) => e.path);
  const caseSensitive = args.caseSensitive ?? true;
  const needle = caseSensitive ? args.query : args.query.toLowerCase();
  const matches: SearchMatch[] = [];
  for (const rel of files) {
    const abs = path.join(session.root, rel);
    if (fs.lstatSync(abs).size > TOOL_SEARCH_MAX_FILE_BYTES) continue;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(abs));
    } catch {
      continue; // binary or non-UTF-8: not memory text
    }
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!(caseSensitive ? line : line.toLowerCase()).includes(needle)) continue;
      if (matches.length >= max) return { matches, truncated: true };
      matches.push({ path: rel, line: i + 1, content: line.length > TOOL_SEARCH_MAX_LINE_CHARS ? `${line.slice(0, TOOL_SEARCH_MAX_LINE_CHARS)}…` : line });
    }
  }
  return { matches, truncated: false };
}

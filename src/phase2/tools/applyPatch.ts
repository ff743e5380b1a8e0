/**
 * Applies a unified diff to one file's text, pure. Accepts optional `diff --git`/`---`/`+++` headers
 * and hunks headed `@@ -a,b +c,d @@` (or a bare `@@`). Each hunk's old side (context and `-` lines)
 * must match the text exactly: first at the stated line (shifted by earlier hunks), else at the one
 * place after the previous hunk where it matches. No match, or several equally good ones for a bare
 * hunk, is an error naming the hunk.
 */
import { ToolError } from "./session.js";

interface Hunk {
  oldStart: number | null;
  oldLines: string[];
  newLines: string[];
  header: string;
}

const HUNK_HEADER = /^@@(?: -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@.*)?\s*$/;

export function parseUnifiedDiff(patch: string): { hunks: Hunk[]; createsFile: boolean; noNewlineAtEnd: boolean } {
  const lines = patch.replace(/\r\n/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  let createsFile = false;
  let noNewlineAtEnd = false;
  let lastKind = "";
  for (const line of lines) {
    if (current === null || line.startsWith("@@")) {
      if (line.startsWith("--- /dev/null")) createsFile = true;
      if (line.startsWith("@@")) {
        const m = HUNK_HEADER.exec(line);
        if (!m) throw new ToolError(`malformed hunk header: ${line}`);
        current = { oldStart: m[1] === undefined ? null : Number(m[1]), oldLines: [], newLines: [], header: line };
        hunks.push(current);
      }
      continue;
    }
    const kind = line[0] ?? " ";
    const body = line.slice(1);
    if (kind === " " || line === "") {
      current.oldLines.push(body);
      current.newLines.push(body);
    } else if (kind === "-") current.oldLines.push(body);
    else if (kind === "+") current.newLines.push(body);
    else if (kind === "\\") {
      if (lastKind === "+" || lastKind === " ") noNewlineAtEnd = true;
    } else if (line.startsWith("diff --git") || line.startsWith("--- ") || line.startsWith("+++ ")) {
      current = null; // a second file's header: not supported below
      throw new ToolError("apply_patch takes a diff for exactly one file");
    } else throw new ToolError(`unexpected line in hunk ${current.header}: ${line}`);
    lastKind = kind;
  }
  if (hunks.length === 0) throw new ToolError("the patch has no hunks (expected lines starting with @@)");
  return { hunks, createsFile, noNewlineAtEnd };
}

function matchesAt(lines: string[], block: string[], at: number): boolean {
  if (at < 0 || at + block.length > lines.length) return false;
  for (let i = 0; i < block.length; i++) if (lines[at + i] !== block[i]) return false;
  return true;
}

/** Returns the patched text. `original` null means the file does not exist yet. */
export function applyUnifiedDiff(original: string | null, patch: string): string {
  const { hunks, createsFile, noNewlineAtEnd } = parseUnifiedDiff(patch);
  if (original === null && !createsFile && hunks.some((h) => h.oldLines.length > 0)) {
    throw new ToolError("the file does not exist; a patch creating it must start from --- /dev/null with only + lines");
  }
  const text = original ?? "";
  const endsWithNewline = text.length === 0 || text.endsWith("\n");
  const lines = text.length === 0 ? [] : text.replace(/\n$/, "").split("\n");
  let offset = 0;
  let searchFrom = 0;
  for (const hunk of hunks) {
    let at = -1;
    if (hunk.oldStart !== null) {
      const stated = (hunk.oldLines.length === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset;
      if (matchesAt(lines, hunk.oldLines, stated)) at = stated;
    }
    if (at < 0) {
      const found: number[] = [];
      for (let i = searchFrom; i <= lines.length - hunk.oldLines.length; i++) if (matchesAt(lines, hunk.oldLines, i)) found.push(i);
      if (found.length === 0) throw new ToolError(`hunk ${hunk.header} does not match the file: its context and - lines were not found`);
      if (found.length > 1 && hunk.oldStart === null) throw new ToolError(`hunk ${hunk.header} matches ${found.length} places; add context lines or line numbers`);
      at = found[0]!;
    }
    lines.splice(at, hunk.oldLines.length, ...hunk.newLines);
    offset += hunk.newLines.length - hunk.oldLines.length;
    searchFrom = at + hunk.newLines.length;
  }
  if (lines.length === 0) return "";
  const trailing = noNewlineAtEnd ? "" : original === null || endsWithNewline ? "\n" : "";
  return lines.join("\n") + trailing;
}

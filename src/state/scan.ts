/**
 * Step 1 of `engram index`: find `rollout-*.jsonl` files under the sources (recursively) and stat them.
 * Synchronous on purpose: 10,000 `readdir`/`stat` calls take tens of milliseconds and need no overlap.
 */
import fs from "node:fs";
import path from "node:path";
import { ROLLOUT_FILE_PATTERN } from "./constants.js";
import type { RolloutSource } from "./types.js";

export interface FoundFile {
  path: string;
  archived: boolean;
  size: number;
  /** Whole milliseconds (the unit stored in `rollout_files.mtime_ms`). */
  mtimeMs: number;
}

export interface ScanResult {
  files: FoundFile[];
  sources: { dir: string; archived: boolean; exists: boolean }[];
}

/** Files under all sources, sorted by path; a file reachable from two sources counts once (first source wins). */
export function scanSources(sources: readonly RolloutSource[]): ScanResult {
  const byPath = new Map<string, FoundFile>();
  const seenSources: ScanResult["sources"] = [];
  for (const source of sources) {
    const dir = path.resolve(source.dir);
    const exists = isDirectory(dir);
    seenSources.push({ dir, archived: source.archived, exists });
    if (exists) walk(dir, source.archived, byPath);
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, sources: seenSources };
}

/** True when `file` lies inside `dir` (both absolute, resolved). */
export function isUnder(file: string, dir: string): boolean {
  return file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, archived: boolean, out: Map<string, FoundFile>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder (permissions, removed meanwhile): nothing to index there
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full, archived, out);
      continue;
    }
    if (!ROLLOUT_FILE_PATTERN.test(entry.name) || out.has(full)) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    try {
      const st = fs.statSync(full);
      if (!st.isFile()) continue;
      out.set(full, { path: full, archived, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
    } catch {
      // vanished between readdir and stat: it is simply not there
    }
  }
}

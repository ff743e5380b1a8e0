import type { Logger } from "../log/logger.js";

export interface RolloutSource {
  dir: string;
  /** Files found here are Codex's archived sessions (`threads.archived = 1`). */
  archived: boolean;
}

export type IndexProgress =
  | { phase: "scan"; filesSeen: number }
  | { phase: "read"; done: number; total: number; path: string }
  | { phase: "done" };

export interface IndexOptions {
  /** engram home (state DB and logs DB live here). */
  home: string;
  sources: readonly RolloutSource[];
  onProgress?: (p: IndexProgress) => void;
  /** Unix seconds used for `indexed_at`/`first_seen_at` (tests). Default: the clock. */
  now?: number;
  /** Default: a logger on the home's logs DB (target `index`), closed at the end. */
  logger?: Logger;
}

export interface BadLineLocation {
  file: string;
  line: number;
  reason: string;
}

export interface IndexSummary {
  sources: { dir: string; archived: boolean; exists: boolean }[];
  /** Rollout files found under the sources. */
  filesSeen: number;
  /** Files opened and read (new + appended + rewritten). */
  filesRead: number;
  filesNew: number;
  filesAppended: number;
  filesRewritten: number;
  /** Same size and mtime as last time: not opened. */
  filesUnchanged: number;
  /** Known files under the sources that are gone (flagged missing, never deleted). */
  filesMissing: number;
  /** Files that could not be read (permissions, I/O error); logged, retried next time. */
  filesUnreadable: number;
  /** Reads dropped because another `engram index` wrote the same file first. */
  filesWrittenByOther: number;
  threadsAdded: number;
  threadsUpdated: number;
  badLines: number;
  firstBadLines: BadLineLocation[];
  elapsedMs: number;
}

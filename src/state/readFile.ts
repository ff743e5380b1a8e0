/**
 * Step 2 of `engram index`, for one changed file: decide how to read it, read it, fold its lines.
 * No DB writes here (the caller writes a batch of results in one short transaction).
 *
 * 1. No row yet → read from the start with a fresh fold ("new").
 * 2. A row, and the last consumed line still hashes the same → read on from `offset`, resuming the
 *    stored fold ("appended").
 * 3. Otherwise (shrunk, line changed, fold from another version) → read from the start ("rewritten").
 */
import { applyRolloutLine, foldToMetadata, isResumableThreadFold, mapFoldText, newThreadFold } from "../rollout/metadata.js";
import { lastLineStillMatches, scanRolloutSync } from "../rollout/read.js";
import type { BadLine, RolloutEvent, ThreadFold, ThreadMetadata } from "../rollout/types.js";
import { redactSecrets } from "../redact/redact.js";
import type { RolloutFileState } from "../db/files/getRolloutFileStates.js";
import type { RolloutFileWrite } from "../db/files/upsertRolloutFile.js";
import type { FoundFile } from "./scan.js";

export type ReadMode = "new" | "appended" | "rewritten";

export interface FileReadResult {
  mode: ReadMode;
  /** The row as it was before this read (null = none): the write is dropped if the row changed meanwhile. */
  seen: RolloutFileState | null;
  file: RolloutFileWrite;
  /** Folded metadata with its free text (title, first user message, git origin URL) redacted; null until a session_meta line was seen. */
  thread: ThreadMetadata | null;
  badLines: BadLine[];
}

/** Reads what changed in `found` since `seen`. `loadFold` returns the stored fold JSON of the file. */
export async function readChangedFile(
  found: FoundFile,
  seen: RolloutFileState | null,
  loadFold: () => string | null,
): Promise<FileReadResult> {
  let mode: ReadMode = seen === null ? "new" : "rewritten";
  let fold: ThreadFold = newThreadFold();
  let fromOffset = 0;
  let firstLineNumber = 1;
  if (seen !== null && found.size >= seen.offset) {
    const resumable = parseFold(loadFold());
    const lastLine =
      seen.lastLineOffset !== null && seen.lastLineHash !== null
        ? { offset: seen.lastLineOffset, sha1: seen.lastLineHash }
        : null;
    if (resumable && (await lastLineStillMatches(found.path, { offset: seen.offset, lastLine }))) {
      mode = "appended";
      fold = resumable;
      fromOffset = seen.offset;
      firstLineNumber = seen.linesRead + 1;
    }
  }

  const badLines: BadLine[] = [];
  const onEvent = (event: RolloutEvent) => {
    if (event.kind === "line") applyRolloutLine(fold, event.line);
    else badLines.push(event.error);
  };
  // Synchronous and streaming: no per-line await, nothing kept but the fold (bounded memory).
  const end = scanRolloutSync(found.path, { fromOffset, firstLineNumber }, onEvent);

  // An append that consumed no new line keeps the previous last line.
  const lastLine = end.lastLine ?? (mode === "appended" && seen ? toLastLine(seen) : null);
  // Session text is redacted before anything derived from it is stored: the thread row AND the fold
  // kept for resuming (Codex keeps a key pasted in a prompt verbatim in its title).
  const redactedFold = mapFoldText(fold, redactSecrets);
  const thread = foldToMetadata(redactedFold, { rolloutPath: found.path, archived: found.archived });
  return {
    mode,
    seen,
    thread,
    badLines,
    file: {
      path: found.path,
      threadId: thread?.id ?? null,
      archived: found.archived,
      size: found.size,
      mtimeMs: found.mtimeMs,
      offset: end.offset,
      linesRead: end.linesRead,
      lastLineOffset: lastLine?.offset ?? null,
      lastLineHash: lastLine?.sha1 ?? null,
      foldState: JSON.stringify(redactedFold),
      badLines: badLines.length,
      resetBadLines: mode !== "appended",
    },
  };
}

function parseFold(text: string | null): ThreadFold | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isResumableThreadFold(value) ? value : null;
  } catch {
    return null;
  }
}

function toLastLine(seen: RolloutFileState): { offset: number; sha1: string } | null {
  return seen.lastLineOffset !== null && seen.lastLineHash !== null
    ? { offset: seen.lastLineOffset, sha1: seen.lastLineHash }
    : null;
}

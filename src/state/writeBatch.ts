/**
 * Step 3 of `engram index`: write a batch of read results in one short `BEGIN IMMEDIATE` transaction
 * (the write lock up front, so two concurrent indexers queue on the busy timeout instead of failing).
 * A result whose file row changed since it was read (another indexer got there first) is dropped.
 */
import type { Db } from "../db/open.js";
import { rolloutFileUnchangedSince } from "../db/files/rolloutFileUnchangedSince.js";
import { upsertRolloutFile } from "../db/files/upsertRolloutFile.js";
import { upsertThread } from "../db/threads/upsertThread.js";
import { markRolloutFilesMissing } from "../db/files/markRolloutFilesMissing.js";
import { markThreadsMissing } from "../db/threads/markThreadsMissing.js";
import type { FileReadResult } from "./readFile.js";

export interface BatchOutcome {
  threadsAdded: number;
  threadsUpdated: number;
  writtenByOther: number;
}

export function writeReadResults(db: Db, results: readonly FileReadResult[], now: number): BatchOutcome {
  const outcome: BatchOutcome = { threadsAdded: 0, threadsUpdated: 0, writtenByOther: 0 };
  if (results.length === 0) return outcome;
  db.transaction(() => {
    for (const r of results) {
      if (!rolloutFileUnchangedSince(db, r.file.path, r.seen)) {
        outcome.writtenByOther++;
        continue;
      }
      upsertRolloutFile(db, r.file, now);
      if (r.thread) {
        if (upsertThread(db, r.thread, now) === "added") outcome.threadsAdded++;
        else outcome.threadsUpdated++;
      }
    }
  }).immediate();
  return outcome;
}

/** Flags files (and the threads whose current rollout they are) as missing. Returns files newly flagged. */
export function writeMissing(db: Db, paths: readonly string[], now: number): number {
  if (paths.length === 0) return 0;
  return db
    .transaction(() => {
      const changed = markRolloutFilesMissing(db, paths, now);
      markThreadsMissing(db, paths, now);
      return changed;
    })
    .immediate();
}

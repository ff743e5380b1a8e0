/**
 * `engram index` as a library call: scan → read changed files → write in batches → flag missing files.
 * Returns a summary; never prints (the CLI renders it).
 */
import { openStateDb } from "../db/stateDb.js";
import { nowSeconds, type Db } from "../db/open.js";
import { getRolloutFileStates } from "../db/files/getRolloutFileStates.js";
import { getRolloutFileFold } from "../db/files/getRolloutFileFold.js";
import { createLogger } from "../log/logger.js";
import { errorMessage } from "../errors.js";
import { FILES_PER_WRITE_BATCH, SUMMARY_BAD_LINE_LOCATIONS } from "./constants.js";
import { isUnder, scanSources, type FoundFile } from "./scan.js";
import { readChangedFile, type FileReadResult } from "./readFile.js";
import { writeMissing, writeReadResults } from "./writeBatch.js";
import type { IndexOptions, IndexSummary } from "./types.js";

export async function indexRollouts(options: IndexOptions): Promise<IndexSummary> {
  const started = performance.now();
  const now = options.now ?? nowSeconds();
  const db = openStateDb(options.home);
  const logger = options.logger ?? createLogger({ home: options.home, target: "index" });
  try {
    return await run(db, options, now, logger, started);
  } finally {
    if (!options.logger) logger.close();
    else logger.flush();
    db.close();
  }
}

async function run(
  db: Db,
  options: IndexOptions,
  now: number,
  logger: ReturnType<typeof createLogger>,
  started: number,
): Promise<IndexSummary> {
  const scan = scanSources(options.sources);
  options.onProgress?.({ phase: "scan", filesSeen: scan.files.length });
  const known = getRolloutFileStates(db);
  const summary: IndexSummary = {
    sources: scan.sources,
    filesSeen: scan.files.length,
    filesRead: 0,
    filesNew: 0,
    filesAppended: 0,
    filesRewritten: 0,
    filesUnchanged: 0,
    filesMissing: 0,
    filesUnreadable: 0,
    filesWrittenByOther: 0,
    threadsAdded: 0,
    threadsUpdated: 0,
    badLines: 0,
    firstBadLines: [],
    elapsedMs: 0,
  };

  const changed: FoundFile[] = [];
  for (const f of scan.files) {
    const k = known.get(f.path);
    if (k && !k.missing && k.size === f.size && k.mtimeMs === f.mtimeMs) summary.filesUnchanged++;
    else changed.push(f);
  }

  const vanished: string[] = [];
  let batch: FileReadResult[] = [];
  const flush = () => {
    const out = writeReadResults(db, batch, now);
    summary.threadsAdded += out.threadsAdded;
    summary.threadsUpdated += out.threadsUpdated;
    summary.filesWrittenByOther += out.writtenByOther;
    batch = [];
  };
  for (let i = 0; i < changed.length; i++) {
    const f = changed[i]!;
    options.onProgress?.({ phase: "read", done: i, total: changed.length, path: f.path });
    let result: FileReadResult;
    try {
      result = await readChangedFile(f, known.get(f.path) ?? null, () => getRolloutFileFold(db, f.path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        vanished.push(f.path);
      } else {
        summary.filesUnreadable++;
        logger.error(`cannot read rollout ${f.path}: ${errorMessage(error)}`);
      }
      continue;
    }
    summary.filesRead++;
    if (result.mode === "new") summary.filesNew++;
    else if (result.mode === "appended") summary.filesAppended++;
    else summary.filesRewritten++;
    recordBadLines(result, summary, logger);
    batch.push(result);
    if (batch.length >= FILES_PER_WRITE_BATCH) flush();
  }
  flush();
  options.onProgress?.({ phase: "read", done: changed.length, total: changed.length, path: "" });

  // Known files under these sources that are not there any more (files under other sources are left alone).
  const present = new Set(scan.files.map((f) => f.path));
  const scannedDirs = scan.sources.map((s) => s.dir);
  const gone: string[] = [];
  for (const [p] of known) {
    if (!present.has(p) && scannedDirs.some((d) => isUnder(p, d))) gone.push(p);
  }
  for (const p of vanished) if (known.has(p)) gone.push(p);
  writeMissing(db, gone, now);
  summary.filesMissing = gone.length;
  if (gone.length > 0) logger.info(`${gone.length} known rollout file(s) are missing`);

  options.onProgress?.({ phase: "done" });
  summary.elapsedMs = Math.round(performance.now() - started);
  logger.info(
    `indexed: ${summary.filesSeen} seen, ${summary.filesRead} read, ${summary.filesUnchanged} unchanged, ` +
      `${summary.threadsAdded} threads added, ${summary.threadsUpdated} updated, ${summary.badLines} bad lines`,
  );
  return summary;
}

function recordBadLines(result: FileReadResult, summary: IndexSummary, logger: ReturnType<typeof createLogger>): void {
  if (result.badLines.length === 0) return;
  const threadId = result.thread?.id;
  summary.badLines += result.badLines.length;
  for (const b of result.badLines) {
    if (summary.firstBadLines.length < SUMMARY_BAD_LINE_LOCATIONS) {
      summary.firstBadLines.push({ file: b.file, line: b.line, reason: b.reason });
    }
    logger.info(`bad line ${b.file}:${b.line}: ${b.reason}`, threadId ? { threadId } : {});
  }
  const first = result.badLines[0]!;
  logger.warn(
    `${result.badLines.length} bad line(s) in ${first.file}, first at line ${first.line}: ${first.reason}`,
    threadId ? { threadId } : {},
  );
}

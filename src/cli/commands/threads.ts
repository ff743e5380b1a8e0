/** `engram threads`: lists indexed threads, newest activity first. */
import path from "node:path";
import { openStateDbForReading } from "../../db/stateDb.js";
import { nowSeconds } from "../../db/open.js";
import { countMatchingThreads, listThreads, type ThreadListRow } from "../../db/threads/listThreads.js";
import { countThreads, type ThreadCounts } from "../../db/threads/countThreads.js";
import { parseSince } from "../../state/since.js";
import { engramHome } from "../../paths.js";
import { EngramError } from "../../errors.js";
import { formatTable, printJson, printLine, printWarning } from "../output.js";

export interface ThreadsCommandOptions {
  cwd?: string;
  source?: string[];
  since?: string;
  limit?: string;
  json?: boolean;
}

/** Longest title shown in the table (the JSON keeps it whole). */
const TABLE_TITLE_MAX_CHARS = 60;

export async function runThreadsCommand(opts: ThreadsCommandOptions): Promise<number> {
  const limit = Number(opts.limit ?? "50");
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new EngramError("invalid_limit", `--limit ${JSON.stringify(opts.limit)} is not a positive whole number`, {
      hint: "e.g. --limit 20",
    });
  }
  const since = opts.since !== undefined ? parseSince(opts.since, nowSeconds()) : undefined;
  const filter = {
    ...(opts.cwd !== undefined ? { cwd: path.resolve(opts.cwd) } : {}),
    ...(opts.source && opts.source.length > 0 ? { sources: opts.source } : {}),
    ...(since !== undefined ? { since } : {}),
  };
  // Reads only: a fresh install lists nothing instead of creating ENGRAM_HOME.
  const { db } = openStateDbForReading(engramHome());
  let rows: ThreadListRow[];
  let total: number;
  let counts: ThreadCounts;
  try {
    rows = listThreads(db, { ...filter, limit });
    total = countMatchingThreads(db, filter);
    counts = countThreads(db);
  } finally {
    db.close();
  }
  const unknown = unknownSourcesWarning(opts.source ?? [], counts);
  if (unknown) printWarning(unknown);
  if (rows.length < total) printWarning(`showing ${rows.length} of ${total} matching threads; use --limit N to see more`);
  if (opts.json) {
    printJson({
      total,
      threads: rows.map((r) => ({
        ...r,
        updatedAt: new Date(r.updatedAt * 1000).toISOString(),
        createdAt: new Date(r.createdAt * 1000).toISOString(),
      })),
    });
    return 0;
  }
  if (rows.length === 0) {
    printLine(
      counts.total === 0
        ? "no threads indexed yet: run `engram update` (or `engram index`); it reads Codex sessions from $CODEX_HOME/sessions"
        : `no threads match these filters (${counts.total} indexed): relax --cwd, --source or --since`,
    );
    return 0;
  }
  printLine(formatTable(["id", "updated", "source", "cwd", "title"], rows.map(renderRow)));
  return 0;
}

/** A --source value no indexed thread has is most likely a typo: say which sources exist. */
export function unknownSourcesWarning(requested: readonly string[], counts: ThreadCounts): string | null {
  if (counts.total === 0) return null; // "nothing indexed" says it better
  const present = new Set(counts.bySource.map((b) => b.source));
  const unknown = requested.filter((s) => !present.has(s));
  if (unknown.length === 0) return null;
  const list = counts.bySource.map((b) => `${b.source || "(none)"} (${b.count})`).join(", ");
  return `no indexed thread has source ${unknown.map((s) => JSON.stringify(s)).join(", ")}; sources indexed: ${list}`;
}

export function renderRow(r: ThreadListRow): string[] {
  const flags = r.missing ? " [missing]" : r.archived ? " [archived]" : "";
  const title = oneLine(r.title);
  return [
    r.id,
    new Date(r.updatedAt * 1000).toISOString().slice(0, 16).replace("T", " "),
    r.source,
    r.cwd,
    (title.length > TABLE_TITLE_MAX_CHARS ? title.slice(0, TABLE_TITLE_MAX_CHARS - 1) + "…" : title) + flags,
  ];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `engram threads`: lists indexed threads, newest activity first. */
import path from "node:path";
import { openStateDb } from "../../db/stateDb.js";
import { nowSeconds } from "../../db/open.js";
import { listThreads, type ThreadListRow } from "../../db/threads/listThreads.js";
import { countThreads } from "../../db/threads/countThreads.js";
import { parseSince } from "../../state/since.js";
import { engramHome } from "../../paths.js";
import { EngramError } from "../../errors.js";
import { formatTable, printJson, printLine } from "../output.js";

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
  const db = openStateDb(engramHome());
  let rows: ThreadListRow[];
  let indexed = 0;
  try {
    rows = listThreads(db, {
      limit,
      ...(opts.cwd !== undefined ? { cwd: path.resolve(opts.cwd) } : {}),
      ...(opts.source && opts.source.length > 0 ? { sources: opts.source } : {}),
      ...(since !== undefined ? { since } : {}),
    });
    if (rows.length === 0) indexed = countThreads(db).total;
  } finally {
    db.close();
  }
  if (opts.json) {
    printJson({
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
      indexed === 0
        ? "no threads indexed yet: run `engram index` (it reads Codex sessions from $CODEX_HOME/sessions)"
        : `no threads match these filters (${indexed} indexed): relax --cwd, --source or --since`,
    );
    return 0;
  }
  printLine(formatTable(["id", "updated", "source", "cwd", "title"], rows.map(renderRow)));
  return 0;
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

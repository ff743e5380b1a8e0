/**
 * Parity with the real Codex 0.169: engram's `threads` rows for five rollouts Codex wrote must carry the
 * same metadata as the rows Codex itself recorded in its state DB (test/fixtures/codex-0.169-state/,
 * see its README for how they were made and how Codex derives each column).
 *
 * engram is driven through its library call `indexRollouts` (what `engram index` runs); its state DB
 * is then read directly, since it holds every column.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { redactSecrets } from "../../src/redact/redact.js";
import { stateDbPath } from "../../src/paths.js";
import { indexRollouts } from "../../src/state/index.js";
import { loadFixture, fixtureRolloutFile, FAKE_SECRET, SESSIONS_DIR, CODEX_HOME_IN_FIXTURE, type CodexThreadRow } from "./codexStateFixture.js";

/**
 * Codex sets `updated_at_ms` when it updates the row right after appending a line: observed 3–5 ms
 * after the last line's timestamp, and `updated_at = floor(updated_at_ms / 1000)`. An indexer that
 * uses the last line's timestamp can therefore be behind by one second boundary, never ahead.
 */
const UPDATED_AT_MAX_LAG_SECONDS = 1;

interface EngramThreadRow {
  id: string;
  rollout_path: string;
  created_at: number;
  updated_at: number;
  source: string;
  cwd: string;
  title: string;
  first_user_message: string;
  git_sha: string | null;
  git_branch: string | null;
  git_origin_url: string | null;
  tokens_used: number;
  cli_version: string;
  model_provider: string;
  thread_source: string | null;
  originator: string | null;
  model: string | null;
  reasoning_effort: string | null;
  approval_mode: string;
  sandbox_policy: string;
  memory_mode: string;
}

/** Columns beyond the required set that engram also derives from the rollout exactly as Codex does. */
const ALSO_EQUAL_COLUMNS = [
  "thread_source",
  "originator",
  "model",
  "reasoning_effort",
  "approval_mode",
  "sandbox_policy",
  "memory_mode",
] as const;

/** Runs engram's indexer over the copied sessions folder, as `engram index --source <sessions>` does. */
async function indexWithEngram(homes: { engramHome: string; sessions: string }): Promise<void> {
  const summary = await indexRollouts({ home: homes.engramHome, sources: [{ dir: homes.sessions, archived: false }] });
  assert.equal(summary.badLines, 0, `engram reported bad lines: ${JSON.stringify(summary.firstBadLines)}`);
}

/** A temp CODEX_HOME holding a copy of the fixture sessions, and an empty ENGRAM_HOME. */
function makeHomes(t: { after: (fn: () => void) => void }): { codexHome: string; engramHome: string; sessions: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "engram-parity-"));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const codexHome = path.join(tmp, "codex");
  const sessions = path.join(codexHome, "sessions");
  fs.cpSync(SESSIONS_DIR, sessions, { recursive: true });
  return { codexHome, engramHome: path.join(tmp, "engram"), sessions };
}

function readEngramThreads(engramHome: string): Map<string, EngramThreadRow> {
  const db = new Database(stateDbPath(engramHome), { readonly: true });
  try {
    const rows = db.prepare("SELECT * FROM threads").all() as EngramThreadRow[];
    return new Map(rows.map((r) => [r.id, r]));
  } finally {
    db.close();
  }
}

/** Where Codex's `rollout_path` lands once the fixture's CODEX_HOME is replaced by `codexHome`. */
function relocate(codexRolloutPath: string, codexHome: string): string {
  return path.join(codexHome, path.relative(CODEX_HOME_IN_FIXTURE, codexRolloutPath));
}

function assertRowMatches(codex: CodexThreadRow, ours: EngramThreadRow | undefined, codexHome: string): void {
  assert.ok(ours, `engram has no thread ${codex.id}`);
  const where = `thread ${codex.id}`;
  assert.equal(ours.rollout_path, relocate(codex.rollout_path, codexHome), `${where}: rollout_path`);
  assert.equal(ours.source, codex.source, `${where}: source`);
  assert.equal(ours.cwd, codex.cwd, `${where}: cwd`);
  assert.equal(ours.first_user_message, redactSecrets(codex.first_user_message), `${where}: first_user_message`);
  assert.equal(ours.title, redactSecrets(codex.title), `${where}: title`);
  assert.equal(ours.git_sha, codex.git_sha, `${where}: git_sha`);
  assert.equal(ours.git_branch, codex.git_branch, `${where}: git_branch`);
  assert.equal(ours.git_origin_url, codex.git_origin_url, `${where}: git_origin_url`);
  assert.equal(ours.tokens_used, codex.tokens_used, `${where}: tokens_used`);
  assert.equal(ours.cli_version, codex.cli_version, `${where}: cli_version`);
  assert.equal(ours.model_provider, codex.model_provider, `${where}: model_provider`);
  assert.equal(ours.created_at, codex.created_at, `${where}: created_at`);
  const lag = codex.updated_at - ours.updated_at;
  assert.ok(
    lag >= 0 && lag <= UPDATED_AT_MAX_LAG_SECONDS,
    `${where}: updated_at engram ${ours.updated_at} vs Codex ${codex.updated_at} (allowed: Codex 0..${UPDATED_AT_MAX_LAG_SECONDS} s later)`,
  );
  for (const column of ALSO_EQUAL_COLUMNS) assert.equal(ours[column], codex[column], `${where}: ${column}`);
}

/** Every file engram left under its home (DBs, WAL, SHM, logs), as bytes. */
function allFilesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, bytes: fs.readFileSync(file) });
  }
  return out;
}

test("engram's threads rows match the rows Codex 0.169 recorded for the same rollouts", async (t) => {
  const { expected } = loadFixture();
  const homes = makeHomes(t);
  await indexWithEngram(homes);
  const ours = readEngramThreads(homes.engramHome);
  assert.deepEqual([...ours.keys()].sort(), expected.map((r) => r.id).sort(), "same set of thread ids");
  for (const codex of expected) assertRowMatches(codex, ours.get(codex.id), homes.codexHome);
});


test("the fake secret Codex stored verbatim never reaches engram's DB or log files", async (t) => {
  const homes = makeHomes(t);
  await indexWithEngram(homes);
  // The rollouts do hold it (Codex keeps prompts verbatim): the check below would catch a leak.
  assert.ok(fs.readFileSync(fixtureRolloutFile(loadFixture().expected[1]!), "utf8").includes(FAKE_SECRET));
  const files = allFilesUnder(homes.engramHome);
  assert.ok(files.some((f) => path.basename(f.file) === path.basename(stateDbPath(homes.engramHome))), "state DB exists");
  for (const { file, bytes } of files) {
    assert.equal(bytes.indexOf(FAKE_SECRET), -1, `${file} contains the fake secret`);
  }
});

test("indexing a rollout before and after Codex appended a resumed turn tracks Codex's row both times", async (t) => {
  const { expected, beforeResume } = loadFixture();
  const homes = makeHomes(t);
  const file = relocate(beforeResume.rollout_path, homes.codexHome);
  const full = fs.readFileSync(file, "utf8");
  const lines = full.split("\n");
  // The first turn ended at line 14 (task_complete), which is where the pre-resume row was dumped.
  fs.writeFileSync(file, lines.slice(0, 14).join("\n") + "\n");
  await indexWithEngram(homes);
  assertRowMatches(beforeResume, readEngramThreads(homes.engramHome).get(beforeResume.id), homes.codexHome);

  fs.appendFileSync(file, full.slice(lines.slice(0, 14).join("\n").length + 1));
  assert.equal(fs.readFileSync(file, "utf8"), full);
  await indexWithEngram(homes);
  const after = expected.find((r) => r.id === beforeResume.id);
  assert.ok(after);
  assertRowMatches(after, readEngramThreads(homes.engramHome).get(beforeResume.id), homes.codexHome);
});

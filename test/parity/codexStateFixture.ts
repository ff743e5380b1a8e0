/**
 * Loads the Codex 0.169 ground-truth fixture (test/fixtures/codex-0.169-state/): the rollouts Codex
 * wrote and the `threads` rows Codex recorded for them. Read-only; tests copy the sessions elsewhere.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/codex-0.169-state");
export const SESSIONS_DIR = path.join(FIXTURE_DIR, "sessions");
/** The CODEX_HOME the fixture's paths were rewritten to (README: path rewriting). */
export const CODEX_HOME_IN_FIXTURE = "/home/dev/.codex";
/** The fake credential typed into two first prompts; Codex stores it verbatim. */
export const FAKE_SECRET = "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1234";

/** The columns of a Codex 0.169 `threads` row the tests read (the JSON holds all of them). */
export interface CodexThreadRow {
  id: string;
  rollout_path: string;
  created_at: number;
  updated_at: number;
  created_at_ms: number;
  updated_at_ms: number;
  source: string;
  model_provider: string;
  cwd: string;
  title: string;
  first_user_message: string;
  preview: string;
  tokens_used: number;
  has_user_event: number;
  git_sha: string | null;
  git_branch: string | null;
  git_origin_url: string | null;
  cli_version: string;
  originator: string | null;
  thread_source: string | null;
  [column: string]: unknown;
}

export interface CodexStateFixture {
  /** Every row Codex had after all sessions ran, oldest first. */
  expected: CodexThreadRow[];
  /** The resumed thread's row as it was before `codex exec resume` appended a turn. */
  beforeResume: CodexThreadRow;
}

export function loadFixture(): CodexStateFixture {
  const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, name), "utf8"));
  return {
    expected: read("expected-threads.json") as CodexThreadRow[],
    beforeResume: read("expected-thread-before-resume.json") as CodexThreadRow,
  };
}

/** The fixture rollout file for a Codex row (its `rollout_path` relocated into the fixture). */
export function fixtureRolloutFile(row: CodexThreadRow): string {
  return path.join(SESSIONS_DIR, path.relative(path.join(CODEX_HOME_IN_FIXTURE, "sessions"), row.rollout_path));
}

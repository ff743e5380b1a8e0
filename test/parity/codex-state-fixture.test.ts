/**
 * Pins down how Codex 0.169 derived its `threads` columns from the rollouts in the fixture, so that the
 * parity test's expectations (and engram's indexer) rest on checked facts, not guesses.
 * Runs on the fixture alone: no engram code involved.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { loadFixture, fixtureRolloutFile, FAKE_SECRET, type CodexThreadRow } from "./codexStateFixture.js";

interface Line {
  timestamp: string;
  type: string;
  payload: Record<string, unknown>;
}

function linesOf(row: CodexThreadRow, limit?: number): Line[] {
  const all = fs.readFileSync(fixtureRolloutFile(row), "utf8").split("\n").filter((l) => l.length > 0);
  return all.slice(0, limit ?? all.length).map((l) => JSON.parse(l) as Line);
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function lastTotalTokens(lines: Line[]): number {
  const counts = lines.filter((l) => l.type === "event_msg" && l.payload.type === "token_count");
  const info = counts.at(-1)?.payload.info as { total_token_usage: { total_tokens: number } };
  return info.total_token_usage.total_tokens;
}

function firstUserPrompt(lines: Line[]): string {
  for (const l of lines) {
    const item = l.payload.item as { type?: string; content?: { type: string; text?: string }[] } | undefined;
    if (l.type === "event_msg" && l.payload.type === "item_completed" && item?.type === "UserMessage") {
      return (item.content ?? []).map((c) => c.text ?? "").join("");
    }
  }
  throw new Error("no UserMessage item");
}

const { expected, beforeResume } = loadFixture();
const cases: [string, CodexThreadRow, number | undefined][] = [
  ...expected.map((r): [string, CodexThreadRow, undefined] => [r.id, r, undefined]),
  [`${beforeResume.id} before resume`, beforeResume, 14],
];

test("the fixture holds exec and app-server (vscode) threads, with and without git, one resumed", () => {
  assert.deepEqual(expected.map((r) => r.source).sort(), ["exec", "exec", "exec", "vscode", "vscode"]);
  assert.ok(expected.some((r) => r.git_sha === null) && expected.some((r) => r.git_origin_url === null && r.git_sha));
  assert.ok(beforeResume.updated_at < expected.find((r) => r.id === beforeResume.id)!.updated_at);
});

for (const [name, row, limit] of cases) {
  test(`Codex's row for ${name} follows from its rollout lines`, () => {
    const lines = linesOf(row, limit);
    const meta = lines[0]!;
    assert.equal(meta.type, "session_meta");
    const git = (meta.payload.git ?? {}) as Record<string, string | undefined>;
    assert.equal(row.created_at, seconds(meta.payload.timestamp as string), "created_at = session_meta second");
    assert.equal(row.created_at, Math.floor(row.created_at_ms / 1000));
    assert.equal(row.updated_at, seconds(lines.at(-1)!.timestamp), "updated_at = last line second");
    assert.equal(row.updated_at, Math.floor(row.updated_at_ms / 1000));
    const stampLagMs = row.updated_at_ms - Date.parse(lines.at(-1)!.timestamp);
    assert.ok(stampLagMs >= 0 && stampLagMs < 1000, `updated_at_ms is just after the last line (${stampLagMs} ms)`);
    assert.equal(row.tokens_used, lastTotalTokens(lines), "tokens_used = last token_count total");
    assert.equal(row.first_user_message, firstUserPrompt(lines).trim());
    assert.equal(row.title, row.first_user_message);
    assert.equal(row.source, meta.payload.source);
    assert.equal(row.cwd, meta.payload.cwd);
    assert.equal(row.cli_version, meta.payload.cli_version);
    assert.equal(row.model_provider, meta.payload.model_provider);
    assert.equal(row.git_sha, git.commit_hash ?? null);
    assert.equal(row.git_branch, git.branch ?? null);
    assert.equal(row.git_origin_url, git.repository_url ?? null);
    assert.equal(row.has_user_event, 0, "0.169 rollouts have no user_message event");
  });
}

test("Codex 0.169 keeps a secret typed in the first prompt verbatim in title and first_user_message", () => {
  const withSecret = expected.filter((r) => r.first_user_message.includes(FAKE_SECRET));
  assert.equal(withSecret.length, 2);
  for (const r of withSecret) assert.ok(r.title.includes(FAKE_SECRET) && r.preview.includes(FAKE_SECRET));
});

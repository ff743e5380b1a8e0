import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyRolloutLine, foldToMetadata, isResumableThreadFold, newThreadFold, stringifySessionSource } from "./metadata.js";
import { readRolloutSync } from "./read.js";
import type { RolloutLine, ThreadMetadata } from "./types.js";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/codex-0.169");
const STATE_FIXTURES = join(import.meta.dirname, "../../test/fixtures/codex-0.169-state");
const CTX = { rolloutPath: "/r.jsonl", archived: false };

function linesOf(file: string): RolloutLine[] {
  return readRolloutSync(file).events.flatMap((e) => (e.kind === "line" ? [e.line] : []));
}

function fold(lines: RolloutLine[]): ThreadMetadata | null {
  const f = newThreadFold();
  for (const l of lines) applyRolloutLine(f, l);
  return foldToMetadata(f, CTX);
}

function fixture(idPart: string): RolloutLine[] {
  return linesOf(join(FIXTURES, readdirSync(FIXTURES).find((f) => f.includes(idPart))!));
}

const ts = (s: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, s)).toISOString();
const meta = (payload: Record<string, unknown>, at = 0): RolloutLine => ({ timestamp: ts(at), type: "session_meta", payload: { id: "T1", ...payload } });
const ev = (payload: Record<string, unknown>, at = 1): RolloutLine => ({ timestamp: ts(at), type: "event_msg", payload });
const userItem = (content: unknown, at = 1): RolloutLine => ({ timestamp: ts(at), type: "response_item", payload: { type: "message", role: "user", content } });
const completedUser = (content: unknown[], at = 1) => ev({ type: "item_completed", item: { type: "UserMessage", content } }, at);
const turn = (payload: Record<string, unknown>, at = 1): RolloutLine => ({ timestamp: ts(at), type: "turn_context", payload });

describe("thread metadata from real Codex 0.169 rollouts", () => {
  it("extracts the …4edc… vscode session: test fix with git, tokens and the user's prompt", () => {
    const m = fold(fixture("-4edc-"))!;
    assert.equal(m.id, "01a20838-4edc-7e71-b98e-217d5ae0a8ec");
    assert.equal(m.source, "vscode");
    assert.equal(m.cwd, "/home/dev/src/fix-test");
    assert.equal(m.firstUserMessage, "The tests are failing in this repo (node test/sum.test.js). Please find the failing test and fix the bug.");
    assert.equal(m.title, m.firstUserMessage);
    assert.equal(m.gitSha, "077dc576d3d313f76597c4ddff89a1139d9c4eb8");
    assert.equal(m.gitBranch, "main");
    assert.equal(m.gitOriginUrl, null);
    assert.equal(m.tokensUsed, 52009);
    assert.equal(m.cliVersion, "0.169.0");
    assert.equal(m.createdAt, Math.floor(Date.parse("2026-11-23T11:43:57.675Z") / 1000));
    assert.equal(m.updatedAt, Math.floor(Date.parse("2026-11-23T11:43:58.767Z") / 1000));
    assert.equal(m.originator, "codex_vscode");
    assert.equal(m.modelProvider, "mock");
    assert.equal(m.model, "gpt-5.5");
    assert.equal(m.reasoningEffort, null);
    assert.equal(m.approvalMode, "never");
    assert.equal(m.hasUserEvent, false);
    assert.equal(m.memoryMode, null);
    assert.equal(m.rolloutPath, "/r.jsonl");
  });

  it("extracts the …54bc… vscode session about preferences", () => {
    const m = fold(fixture("-54bc-"))!;
    assert.equal(m.id, "01a20838-54bc-7ca1-9bbc-0da780a6dbc2");
    assert.equal(m.source, "vscode");
    assert.equal(m.cwd, "/home/dev/src/prefs");
    assert.match(m.firstUserMessage, /^Before you start: I prefer pnpm over npm, always run the tests with node --test/);
    assert.equal(m.gitSha, "d68ec4a7098da028a3e71106a751c9746036dc4e");
    assert.equal(m.tokensUsed, 30050);
    assert.equal(m.createdAt, Math.floor(Date.parse("2026-11-23T11:43:59.173Z") / 1000));
    assert.equal(m.updatedAt, Math.floor(Date.parse("2026-11-23T11:44:00.154Z") / 1000));
  });

  it("extracts the …6d96… exec session with its thread_source", () => {
    const m = fold(fixture("-6d96-"))!;
    assert.equal(m.id, "01a20838-6d96-71e1-975f-19e55293b2df");
    assert.equal(m.source, "exec");
    assert.equal(m.threadSource, "user");
    assert.equal(m.originator, "codex_exec");
    assert.equal(m.cwd, "/home/dev/src/exec-echo");
    assert.equal(m.firstUserMessage, "Run echo hello and list the files.");
    assert.equal(m.gitSha, "c45cdc15ade4c86c71f3077ab5fa34e866f248dd");
    assert.equal(m.tokensUsed, 19736);
    assert.equal(m.cliVersion, "0.169.0");
  });

  it("matches the threads rows Codex 0.169 itself recorded for five rollouts", () => {
    const expected = JSON.parse(readFileSync(join(STATE_FIXTURES, "expected-threads.json"), "utf8")) as Record<string, unknown>[];
    const dir = join(STATE_FIXTURES, "sessions/2026/11/23");
    const files = readdirSync(dir);
    assert.equal(expected.length, 5);
    for (const row of expected) {
      const m = fold(linesOf(join(dir, files.find((f) => f.includes(String(row.id)))!)))!;
      const ours: Record<string, unknown> = {
        created_at: m.createdAt, updated_at: m.updatedAt, source: m.source, model_provider: m.modelProvider, cwd: m.cwd,
        title: m.title, first_user_message: m.firstUserMessage, sandbox_policy: m.sandboxPolicy, approval_mode: m.approvalMode,
        tokens_used: m.tokensUsed, has_user_event: m.hasUserEvent ? 1 : 0, git_sha: m.gitSha, git_branch: m.gitBranch,
        git_origin_url: m.gitOriginUrl, cli_version: m.cliVersion, agent_nickname: m.agentNickname, agent_role: m.agentRole,
        agent_path: m.agentPath, model: m.model, reasoning_effort: m.reasoningEffort, thread_source: m.threadSource,
        originator: m.originator, memory_mode: m.memoryMode ?? "enabled",
      };
      for (const [key, value] of Object.entries(ours)) assert.deepEqual(value, row[key], `${String(row.id)} ${key}`);
    }
  });

  it("resumes from a JSON round-trip of the fold at every split point with the same result", () => {
    const lines = fixture("-4edc-");
    const oneShot = fold(lines);
    for (let split = 0; split <= lines.length; split++) {
      const f = newThreadFold();
      for (const l of lines.slice(0, split)) applyRolloutLine(f, l);
      const resumed = JSON.parse(JSON.stringify(f)) as unknown;
      assert.ok(isResumableThreadFold(resumed));
      for (const l of lines.slice(split)) applyRolloutLine(resumed, l);
      assert.deepEqual(foldToMetadata(resumed, CTX), oneShot, `split at ${split}`);
    }
    assert.equal(isResumableThreadFold({ v: 0 }), false);
    assert.equal(isResumableThreadFold(null), false);
  });
});

describe("thread metadata fold rules", () => {
  it("returns null until a session_meta with a string id was seen", () => {
    assert.equal(fold([ev({ type: "token_count", info: { total_token_usage: { total_tokens: 5 } } })]), null);
    assert.equal(fold([{ type: "session_meta", payload: { id: 42 } }]), null);
    const m = fold([ev({ type: "token_count", info: { total_token_usage: { total_tokens: 5 } } }, 0), meta({}, 3)])!;
    assert.equal(m.tokensUsed, 5);
    assert.equal(m.modelProvider, "");
    assert.equal(m.source, "vscode");
    assert.equal(m.sandboxPolicy, "read-only");
    assert.equal(m.approvalMode, "on-request");
    assert.equal(m.title, "");
    assert.equal(m.firstUserMessage, "");
  });

  it("takes the last token total seen, even when it is lower than an earlier one (last wins, not max)", () => {
    const total = (n: number, at: number) => ev({ type: "token_count", info: { total_token_usage: { total_tokens: n } } }, at);
    const record = (n: number, at: number): RolloutLine => ({ timestamp: ts(at), type: "token_usage_record", payload: { thread_token_usage: { total_tokens: n } } });
    assert.equal(fold([meta({}), total(900, 1), total(400, 2)])!.tokensUsed, 400);
    assert.equal(fold([meta({}), total(900, 1), record(300, 2)])!.tokensUsed, 300);
  });

  it("ignores a later session_meta with another id and lets one with the same id fill empty fields", () => {
    const m = fold([
      meta({ cwd: "/a", cli_version: "0.169.0", source: "cli" }),
      { type: "session_meta", payload: { id: "PARENT", cwd: "/parent", model_provider: "evil", memory_mode: "disabled" } },
      meta({ cwd: "/other", model_provider: "openai", memory_mode: "polluted", source: "exec" }),
    ])!;
    assert.equal(m.id, "T1");
    assert.equal(m.cwd, "/a");
    assert.equal(m.source, "cli");
    assert.equal(m.modelProvider, "openai");
    assert.equal(m.memoryMode, "polluted");
  });

  it("reads every session_meta field, with agent_type as an alias and git urls", () => {
    const m = fold([
      meta({
        timestamp: ts(7), thread_source: "subagent", originator: "codex_cli_rs", model_provider: "openai", agent_nickname: "Ada",
        agent_type: "reviewer", agent_path: "/root/ada", forked_from_id: "F0", memory_mode: "disabled",
        git: { commit_hash: "abc", branch: "dev", repository_url: "https://example.com/r.git" },
      }, 9),
    ])!;
    assert.deepEqual(
      [m.createdAt, m.threadSource, m.originator, m.modelProvider, m.agentNickname, m.agentRole, m.agentPath, m.forkedFromId, m.memoryMode, m.gitSha, m.gitBranch, m.gitOriginUrl],
      [Date.UTC(2026, 10, 23, 12, 0, 7) / 1000, "subagent", "codex_cli_rs", "openai", "Ada", "reviewer", "/root/ada", "F0", "disabled", "abc", "dev", "https://example.com/r.git"],
    );
    assert.equal(m.updatedAt, Date.UTC(2026, 10, 23, 12, 0, 9) / 1000);
  });

  it("stringifies session sources like Codex", () => {
    const cases: [unknown, string][] = [
      ["CLI", "cli"], ["exec", "exec"], [undefined, "vscode"], [null, "vscode"],
      [{ subagent: "review" }, "subagent_review"],
      [{ subagent: { thread_spawn: { parent_thread_id: "p", depth: 1 } } }, "subagent_thread_spawn"],
      [{ internal: "memory_consolidation" }, "internal_memory_consolidation"],
      [{ custom: "mybot" }, "custom_mybot"], [{ weird: 1 }, "unknown"], [42, "unknown"], [{ custom: {} }, "unknown"],
    ];
    for (const [input, want] of cases) assert.equal(stringifySessionSource(input), want, JSON.stringify(input));
  });

  it("takes agent fields from a thread_spawn sub-agent source when the top level has none", () => {
    const m = fold([meta({ source: { subagent: { thread_spawn: { parent_thread_id: "P", depth: 1, agent_nickname: "Bo", agent_role: "worker", agent_path: "/p/bo" } } } })])!;
    assert.deepEqual([m.agentNickname, m.agentRole, m.agentPath], ["Bo", "worker", "/p/bo"]);
  });

  it("takes cwd from turn_context only when the session has none; policies, model and effort last wins", () => {
    const m = fold([
      turn({ cwd: "/turn1", sandbox_policy: "danger-full-access", approval_policy: { granular: { x: 1 } }, model: "m1", effort: "high" }),
      meta({}),
      turn({ cwd: "/turn2", sandbox_policy: { type: "workspace-write", network_access: false }, model: null, collaboration_mode: { settings: { reasoning_effort: "low" } } }),
    ])!;
    assert.equal(m.cwd, "/turn1");
    assert.equal(m.sandboxPolicy, "workspace-write");
    assert.equal(m.approvalMode, '{"granular":{"x":1}}');
    assert.equal(m.model, "m1");
    assert.equal(m.reasoningEffort, "low");
    assert.equal(fold([meta({ cwd: "/session" }), turn({ cwd: "/turn" })])!.cwd, "/session");
  });

  it("ignores wrong-typed known fields and unknown line types without failing", () => {
    const m = fold([
      meta({ cwd: 12, cli_version: ["x"], git: "nope", source: "cli", brand_new_field: { a: 1 } }),
      { type: "world_state", payload: { full: true } },
      { type: "compacted", payload: { message: "summary" } },
      { type: "from_the_future", payload: null },
      { type: "event_msg", payload: "not an object" },
      turn({ cwd: "/turn", model: 5, sandbox_policy: 3 }),
      ev({ type: "token_count", info: { total_token_usage: { total_tokens: "many" } } }),
      ev({ type: "token_count", info: null }),
      userItem(42),
    ])!;
    assert.equal(m.cwd, "/turn");
    assert.equal(m.cliVersion, "");
    assert.equal(m.gitSha, null);
    assert.equal(m.model, null);
    assert.equal(m.sandboxPolicy, "read-only");
    assert.equal(m.tokensUsed, 0);
    assert.equal(m.title, "");
  });

  it("keeps the last token total from token_count and token_usage_record lines", () => {
    const m = fold([
      meta({}),
      ev({ type: "token_count", info: { total_token_usage: { total_tokens: 100 } } }),
      { type: "token_usage_record", payload: { usage: { total_tokens: 7 }, turn_token_usage: { total_tokens: 50 }, thread_token_usage: { total_tokens: 150 } } },
    ])!;
    assert.equal(m.tokensUsed, 150);
  });

  it("takes the first user prompt, skipping harness-only messages, and strips the IDE marker", () => {
    const m = fold([
      meta({}),
      userItem([{ type: "input_text", text: "<environment_context>\n<cwd>/x</cwd>\n</environment_context>" }]),
      userItem([{ type: "input_text", text: "# AGENTS.md instructions for /x\n<INSTRUCTIONS>be nice</INSTRUCTIONS>" }]),
      ev({ type: "user_message", message: "# Context from my IDE\nfile.ts\n## My request for Codex:\n  Fix the flaky test  \nplease", images: [] }),
      userItem([{ type: "input_text", text: "second prompt" }]),
    ])!;
    assert.equal(m.firstUserMessage, "Fix the flaky test  \nplease");
    assert.equal(m.title, "Fix the flaky test  \nplease");
    assert.equal(m.hasUserEvent, true);
  });

  it("reads a UserMessage item_completed event when it comes first", () => {
    const m = fold([meta({}), completedUser([{ type: "text", text: "Hello" }, { type: "text", text: "world" }])])!;
    assert.equal(m.firstUserMessage, "Hello\nworld");
    assert.equal(m.hasUserEvent, false);
  });

  it("shows an image-only first prompt as [Image] with an empty title that a later prompt fills", () => {
    const imageOnly = fold([meta({}), ev({ type: "user_message", message: "", images: ["data:image/png;base64,AAAA"] })])!;
    assert.equal(imageOnly.firstUserMessage, "[Image]");
    assert.equal(imageOnly.title, "");
    const later = fold([meta({}), completedUser([{ type: "local_image", path: "/a.png" }]), userItem([{ type: "input_text", text: "What is in it?" }])])!;
    assert.equal(later.firstUserMessage, "[Image]");
    assert.equal(later.title, "What is in it?");
  });

  it("caps the first user message at 4000 characters", () => {
    const m = fold([meta({}), userItem("a".repeat(5000))])!;
    assert.equal(m.firstUserMessage.length, 4000);
  });
});

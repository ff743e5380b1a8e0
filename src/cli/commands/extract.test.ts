import assert from "node:assert/strict";
import { test } from "node:test";
import { emptySummary } from "../../phase1/runTypes.js";
import { renderDryRun, renderExtractSummary, renderIneligible } from "./extract.js";

test("a run with no candidate says nothing is new instead of printing an empty total", () => {
  assert.match(renderExtractSummary(emptySummary()).join("\n"), /nothing to extract: no eligible session is new or changed/);
  const dry = { ...emptySummary(), dryRun: [], dryRunTotal: { model: "m", threads: 0, estimatedInputTokens: 0, estimatedOutputTokens: 0, estimatedCostUsd: 0 } };
  const lines = renderDryRun(dry).join("\n");
  assert.match(lines, /nothing to extract/);
  assert.doesNotMatch(lines, /estimated total/);
});

test("a named session running elsewhere points at --wait; an unpriced model says so", () => {
  const running = { ...emptySummary(), skippedThreads: [{ threadId: "t1", reason: "skipped_running" as const }] };
  running.skipped.skipped_running = 1;
  assert.match(renderExtractSummary(running).join("\n"), /t1: running in another engram process \(--wait waits for it\)/);
  const entry = { threadId: "t2", title: "title", cwd: "/", chunks: 1, estimatedInputTokens: 10, estimatedOutputTokens: 5, estimatedCostUsd: null };
  const dry = { ...emptySummary(), dryRun: [entry], dryRunTotal: { model: "local-llm", threads: 1, estimatedInputTokens: 10, estimatedOutputTokens: 5, estimatedCostUsd: null } };
  const text = renderDryRun(dry).join("\n");
  assert.match(text, /t2 {2}title {2}1 chunk\(s\), ~10 tokens in, cost unknown/);
  assert.match(text, /cost unknown \(no price for local-llm\)/);
});

const NONE = { disabled: 0, archived: 0, missing: 0, subagent: 0, sourceNotAllowed: 0, notAllowedSources: [], tooOld: 0, notIdle: 0, upToDate: 0, minIdleHours: 12, maxAgeDays: 30 };

test("a run that extracts nothing says, with counts, why the other sessions were not eligible", () => {
  const ineligible = { ...NONE, notIdle: 2, sourceNotAllowed: 1, notAllowedSources: ["exec"], upToDate: 4, tooOld: 3, archived: 1, missing: 2, subagent: 7 };
  const dry = { ...emptySummary(), ineligible, dryRun: [], dryRunTotal: { model: "m", threads: 0, estimatedInputTokens: 0, estimatedOutputTokens: 0, estimatedCostUsd: 0 } };
  const text = renderDryRun(dry).join("\n");
  assert.match(text, /dry run: 0 session\(s\) would be extracted/);
  assert.match(text, /not extracted:\n {2}2 session\(s\) not idle yet \(idle for 12 h first; --now skips the wait\)\n/);
  assert.match(text, / {2}1 session\(s\) from sources not in allowed_sources \(exec; --thread <id> extracts one anyway\)/);
  assert.match(text, / {2}4 session\(s\) already extracted and unchanged/);
  assert.match(text, / {2}3 session\(s\) too old \(last active over max_rollout_age_days = 30 days ago\)/);
  assert.match(text, / {2}1 archived, 2 with a missing rollout file, 0 with memories disabled/);
  assert.doesNotMatch(text, /sub-?agent|7/, "sub-agent sessions are never extracted: not worth a line");
  assert.match(text, /nothing to extract now: no session is eligible for the reasons above/);
  assert.doesNotMatch(text, /no eligible session is new or changed/);

  const run = renderExtractSummary({ ...emptySummary(), ineligible: { ...NONE, notIdle: 1 } }).join("\n");
  assert.match(run, /not extracted:\n {2}1 session\(s\) not idle yet/);
  assert.equal(renderIneligible({ ...NONE, subagent: 3 }).length, 0, "nothing to explain: no lines");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { emptySummary } from "../../phase1/runTypes.js";
import { renderDryRun, renderExtractSummary } from "./extract.js";

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

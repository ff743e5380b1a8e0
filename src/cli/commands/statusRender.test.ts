import { test } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { getStatus } from "../../state/status.js";
import { renderStatus } from "./statusRender.js";
import type { StatusReport } from "./status.js";

const NOW = 2_000_000_000;
const HOUR = 3600;

/** A report for a home that does not exist (all zeros: nothing is created), with `consolidation` overridden. */
function report(consolidation: Partial<StatusReport["consolidation"]>): StatusReport {
  const home = path.join(os.tmpdir(), "engram-render-test-never-created");
  const s = getStatus(home, { allowedSources: ["cli"], maxAgeDays: 30, minIdleHours: 12, cooldownSeconds: 6 * HOUR }, NOW);
  return {
    ...s,
    consolidation: { ...s.consolidation, ...consolidation },
    memoryFolder: { path: path.join(home, "memories"), exists: false, lastConsolidationCommit: null },
  };
}

test("a failed consolidation shows its reason and when it is retried", () => {
  const lines = renderStatus(
    report({
      state: "failed",
      lastFinishedAt: NOW - 60,
      lastError: "model refused",
      lastErrorClass: "failed_agent",
      nextAllowedAt: NOW + HOUR,
      nextAllowedReason: "retry_backoff",
    }),
  );
  assert.ok(lines.includes("  last error: failed_agent: model refused"), lines.join("\n"));
  assert.ok(
    lines.includes("  next run allowed in 1 h, at 2033-05-18 04:33 UTC (retry delay after a failure; --force skips the wait)"),
    lines.join("\n"),
  );
});

test("an empty home suggests engram update", () => {
  const lines = renderStatus(report({}));
  assert.ok(lines.some((l) => l.includes("nothing indexed yet: run `engram update` (or `engram index`)")));
  assert.ok(lines.some((l) => l.startsWith("state DB") && l.endsWith("(not created yet)")));
});

test("sessions phase 1 will not extract are explained with their reason, and nothing is said when there are none", () => {
  const base = report({});
  assert.ok(!renderStatus(base).some((l) => l.includes("not extracted:")), "an empty home lists no exclusions");
  const lines = renderStatus({
    ...base,
    phase1: { ...base.phase1, excluded: { ...base.phase1.excluded, sourceNotAllowed: 3, notAllowedSources: ["exec", "mcp"], tooOld: 2 } },
  });
  assert.ok(lines.includes("    3 session(s) from sources not in allowed_sources (exec, mcp; --thread <id> extracts one anyway)"), lines.join("\n"));
  assert.ok(lines.includes("    2 session(s) too old (last active over max_rollout_age_days = 30 days ago)"), lines.join("\n"));
});

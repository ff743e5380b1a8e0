import assert from "node:assert/strict";
import { test } from "node:test";
import { emptySummary } from "../../phase1/runTypes.js";
import type { UpdateSummary } from "../../pipeline/update.js";
import { renderUpdateSummary } from "./update.js";

test("engram update's phase-1 lines say why sessions were not extracted, and nothing when phase 1 is off", () => {
  const ineligible = { disabled: 0, archived: 0, missing: 0, subagent: 0, sourceNotAllowed: 1, notAllowedSources: ["exec"], tooOld: 0, notIdle: 2, upToDate: 0, minIdleHours: 12, maxAgeDays: 30 };
  const base = {
    index: { filesRead: 3, threadsAdded: 3, threadsUpdated: 0 }, pruned: 0,
    phase2: { outcome: "skipped_no_input", selected: 0, changes: [], turns: 0, toolCalls: 0, usage: emptySummary().usage, memoryRoot: "/m", elapsedMs: 1 },
    usage: emptySummary().usage, elapsedMs: 10,
  };
  const on = renderUpdateSummary({ ...base, phase1: { ...emptySummary(), ineligible } } as unknown as UpdateSummary);
  const at = on.findIndex((l) => l.startsWith("memories extracted: 0 written"));
  assert.ok(at >= 0, on.join("\n"));
  assert.deepEqual(on.slice(at + 1, at + 4), [
    "not extracted:",
    "  2 session(s) not idle yet (idle for 12 h first; --now skips the wait)",
    "  1 session(s) from sources not in allowed_sources (exec; --thread <id> extracts one anyway)",
  ]);
  const off = renderUpdateSummary({ ...base, phase1: { ...emptySummary(), off: "generate_memories", ineligible } } as unknown as UpdateSummary);
  assert.ok(!off.some((l) => l.includes("not idle")), off.join("\n"));
});

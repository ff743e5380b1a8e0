import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyLayoutPath, isAllowedLayoutPath } from "./layout.js";

test("the layout allows the agent's files, inputs and engram's own files, nothing else", () => {
  const cases: [string, string][] = [
    ["MEMORY.md", "memory"],
    ["memory_summary.md", "memory"],
    ["skills/deploy/SKILL.md", "memory"],
    ["skills/deploy/scripts/run.sh", "memory"],
    ["raw_memories.md", "input"],
    ["rollout_summaries/2026-02-17T21-23-02-LN3m-x.md", "input"],
    ["extensions/ad_hoc/notes/2026-01-01T00-00-00-x.md", "input"],
    ["phase2_workspace_diff.md", "engram"],
    [".gitignore", "engram"],
    ["notes.md", "outside"],
    ["skills/SKILL.md", "outside"],
    ["rollout_summaries/nested/x.md", "outside"],
    ["rollout_summaries/x.txt", "outside"],
    ["memory/MEMORY.md", "outside"],
    ["", "outside"],
  ];
  for (const [p, expected] of cases) assert.equal(classifyLayoutPath(p), expected, p);
  assert.equal(isAllowedLayoutPath("MEMORY.md"), true);
  assert.equal(isAllowedLayoutPath("todo.txt"), false);
});

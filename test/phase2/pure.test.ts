import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderConsolidationInput, renderConsolidationSystemPrompt, renderExtensionsBlock } from "../../src/phase2/prompts.js";
import { commitMessageFromReply } from "../../src/phase2/runSupport.js";
import { validateArtifacts } from "../../src/phase2/validate.js";
import { countTokens } from "../../src/model/tokens.js";

const ok = { summary: "v1\nprofile\n", handbook: "# group\n", changedPaths: [], summaryTokenLimit: 100 };

describe("phase-2 pure parts", () => {
  test("valid artifacts have no problems; each rule reports its own problem", () => {
    assert.deepEqual(validateArtifacts(ok), []);
    assert.deepEqual(validateArtifacts({ ...ok, changedPaths: [{ status: "A", path: "skills/x/SKILL.md" }, { status: "M", path: "MEMORY.md" }] }), []);
    assert.match(validateArtifacts({ ...ok, summary: null })[0]!, /memory_summary\.md is missing/);
    assert.match(validateArtifacts({ ...ok, summary: "V1\n" })[0]!, /must start with the line "v1"/);
    assert.match(validateArtifacts({ ...ok, summary: " v1\n" })[0]!, /must start/);
    assert.deepEqual(validateArtifacts({ ...ok, summary: "v1\r\nx" }), []);
    // The first line is exactly v1: a longer line that merely starts with it is another format.
    assert.match(validateArtifacts({ ...ok, summary: "v10\nprofile\n" })[0]!, /must start with the line "v1" \(found "v10"\)/);
    assert.match(validateArtifacts({ ...ok, summary: "v1 draft\nprofile\n" })[0]!, /must start/);
    // The token cap is inclusive: exactly at the limit passes, one token over fails.
    const atLimit = countTokens(ok.summary);
    assert.deepEqual(validateArtifacts({ ...ok, summaryTokenLimit: atLimit }), []);
    assert.match(validateArtifacts({ ...ok, summaryTokenLimit: atLimit - 1 })[0]!, new RegExp(`is ${atLimit} tokens; the limit is ${atLimit - 1}`));
    assert.match(validateArtifacts({ ...ok, summary: `v1\n${"token ".repeat(200)}` })[0]!, /limit is 100/);
    assert.match(validateArtifacts({ ...ok, handbook: " \n" })[0]!, /MEMORY\.md is empty/);
    assert.match(validateArtifacts({ ...ok, handbook: null })[0]!, /MEMORY\.md is missing/);
    assert.match(validateArtifacts({ ...ok, changedPaths: [{ status: "A", path: "evil.sh" }] })[0]!, /outside the memory layout/);
    assert.match(validateArtifacts({ ...ok, changedPaths: [{ status: "D", path: "extensions/ad_hoc/notes/a.md" }] })[0]!, /an input engram owns/);
  });

  test("the commit message is the reply's first line, then the rest as the body; empty → fallback", () => {
    assert.equal(commitMessageFromReply("\n## Add pnpm preference\n\n- one\n- two\n"), "Add pnpm preference\n\n- one\n- two");
    assert.equal(commitMessageFromReply("   \n"), "engram: consolidate memory");
    assert.equal(commitMessageFromReply("x".repeat(500)).length, 120);
  });

  test("prompts render every placeholder and no template syntax survives", () => {
    const system = renderConsolidationSystemPrompt(2500);
    assert.match(system, /under 2500 tokens \(roughly 1875 words\)/);
    const input = renderConsolidationInput({ mode: "update", selectedCount: 3, changeCount: 2, extensions: ["chronicle"], prunedResources: ["extensions/chronicle/resources/a.md"] });
    assert.match(input, /sessions selected for memory: 3/);
    assert.match(input, /`extensions\/chronicle\/`/);
    for (const text of [system, input]) assert.doesNotMatch(text, /\{\{/);
    assert.equal(renderExtensionsBlock([], []), "");
  });
});

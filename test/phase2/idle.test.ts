/**
 * When a consolidation must not call the model (nothing to consolidate, a config error) and what a
 * failure between materialising inputs and the agent snapshot leaves in the folder.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { EngramError } from "../../src/errors.js";
import { loadConfig } from "../../src/config/index.js";
import { selectPhase2Inputs } from "../../src/db/stage1/selectPhase2Inputs.js";
import { runPhase2 } from "../../src/phase2/run.js";
import { isSeededChange } from "../../src/phase2/trigger.js";
import { git } from "../../src/util/git.js";
import { listHistory, renderInputFiles, revertRevision } from "../../src/phase2/workspace/index.js";
import { readJob } from "../jobs/seed.js";
import { makePhase2Rig, validAgent, type Phase2Rig } from "./support.js";

describe("runPhase2 with nothing to do, a config error, an early failure", () => {
  let rig: Phase2Rig;
  beforeEach(async () => {
    rig = await makePhase2Rig();
  });
  afterEach(() => rig.close());
  const run = (extra: Partial<Parameters<typeof runPhase2>[0]> = {}) => runPhase2({ home: rig.home, config: rig.config(), env: {}, force: true, ...extra });
  const status = async () => (await git(rig.root, ["status", "--porcelain", "--untracked-files=all"])).stdout.trimEnd();
  const globalJob = () => rig.withDb((db) => readJob(db, "memory_consolidate_global", "global"));

  test("a fresh home with no extracted session: succeeded_no_input, no model request, no stray generated file", async () => {
    rig.server.setScript([]);
    const r = await run();
    assert.equal(r.outcome, "succeeded_no_input", r.reason);
    assert.equal(rig.server.requests.length, 0);
    assert.equal(r.selected, 0);
    assert.deepEqual(r.changes, []);
    assert.ok(!fs.existsSync(path.join(rig.root, "raw_memories.md")), "the generated input is removed again");
    assert.ok(!fs.existsSync(path.join(rig.root, "rollout_summaries")));
    assert.ok(fs.existsSync(path.join(rig.root, "extensions/ad_hoc/instructions.md")), "the ad-hoc extension stays seeded for `engram remember`");
    const job = globalJob()!;
    assert.equal(job.status, "done");
    assert.equal(job.outcome, "succeeded_no_input");
    assert.equal(job.retry_at, null);
    assert.equal((await git(rig.root, ["rev-parse", "-q", "--verify", "refs/engram/snapshot"], { okCodes: [1] })).code, 1, "no snapshot ref left to look like a crash");
    assert.equal((await run()).outcome, "succeeded_no_input", "a second run is just as quiet");
    assert.equal(rig.server.requests.length, 0);
  });

  test("a note dropped before the first run (still no session) triggers the agent", async () => {
    fs.mkdirSync(path.join(rig.root, "extensions/ad_hoc/notes"), { recursive: true });
    fs.writeFileSync(path.join(rig.root, "extensions/ad_hoc/notes/2026-05-01-pnpm.md"), "Remember: pnpm, never npm.\n");
    rig.server.setScript(validAgent());
    const r = await run();
    assert.equal(r.outcome, "succeeded", r.reason);
    assert.equal(r.selected, 0);
    assert.equal(rig.server.requests.length, 3);
    assert.ok(r.changes.some((c) => c.path === "extensions/ad_hoc/notes/2026-05-01-pnpm.md"));
  });

  test("only engram's seeded files count as no change; a user's edit of the ad-hoc instructions does count", () => {
    fs.mkdirSync(path.join(rig.root, "extensions/ad_hoc"), { recursive: true });
    const file = path.join(rig.root, "extensions/ad_hoc/instructions.md");
    fs.writeFileSync(file, "# my own rules\n");
    assert.equal(isSeededChange(rig.root, { status: "A", path: "extensions/ad_hoc/notes/.gitkeep" }), true);
    assert.equal(isSeededChange(rig.root, { status: "M", path: "extensions/ad_hoc/instructions.md" }), false);
    assert.equal(isSeededChange(rig.root, { status: "A", path: "extensions/ad_hoc/notes/a.md" }), false);
  });

  test("no API key: a clear EngramError before any claim, no memory folder, no retry delay", async () => {
    fs.writeFileSync(path.join(rig.home, "config.toml"), 'model_provider = "openai"\n');
    const config = loadConfig({ home: rig.home, env: {} });
    await assert.rejects(runPhase2({ home: rig.home, config, env: {} }), (e: unknown) => {
      assert.ok(e instanceof EngramError);
      assert.match(e.message, /API key/);
      return true;
    });
    assert.equal(globalJob(), undefined, "the job was never claimed");
    assert.ok(!fs.existsSync(rig.root), "the memory folder was not created");
  });

  test("a failure after inputs were written but before the agent snapshot leaves the folder as it was", async () => {
    rig.seed("thread-a", "alpha");
    rig.server.setScript(validAgent());
    const first = await run();
    assert.equal(first.outcome, "succeeded", first.reason);
    const rawBefore = fs.readFileSync(path.join(rig.root, "raw_memories.md"), "utf8");
    fs.appendFileSync(path.join(rig.root, "MEMORY.md"), "- USER NOTE: keep me\n");
    rig.seed("thread-b", "beta");
    rig.seed("thread-c", "gamma");
    // The last input file to be written is a directory: materialising writes the others, then fails.
    const m = rig.config().config.memories;
    const selected = rig.withDb((db) => selectPhase2Inputs(db, { maxInputs: m.max_raw_memories_for_consolidation, maxUnusedDays: m.max_unused_days }));
    const summaries = [...renderInputFiles(selected).keys()].filter((k) => k.startsWith("rollout_summaries/"));
    fs.mkdirSync(path.join(rig.root, summaries.at(-1)!));
    rig.server.requests.length = 0;
    const r = await run();
    assert.equal(r.outcome, "failed_sync_inputs", r.reason);
    assert.equal(rig.server.requests.length, 0);
    assert.equal(fs.readFileSync(path.join(rig.root, "raw_memories.md"), "utf8"), rawBefore);
    assert.deepEqual((await status()).split("\n"), [" M MEMORY.md"], "only the user's edit is left; no generated input");
    assert.match(fs.readFileSync(path.join(rig.root, "MEMORY.md"), "utf8"), /USER NOTE: keep me/);
    fs.writeFileSync(path.join(rig.root, "MEMORY.md"), fs.readFileSync(path.join(rig.root, "MEMORY.md"), "utf8").replace("- USER NOTE: keep me\n", ""));
    assert.equal(await status(), "");
    await revertRevision(rig.root, first.commit!); // nothing stray blocks `engram revert`
    assert.match((await listHistory(rig.root))[0]!.subject, /revert/i);
  });
});

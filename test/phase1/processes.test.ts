/**
 * Real processes: a runner killed with SIGKILL mid-job leaves a lease that blocks others until it
 * expires (then the job is taken over and finished), and two runners started together extract every
 * thread exactly once.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/runCli.js";
import { REPO_ROOT, type TempHome } from "../helpers/tempHome.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { PREFS_ID, extract, indexedHome, jobRow, memoryReply, openDb, syntheticFile, threadOfRequest, writeConfig } from "./harness.js";

/** Smallest lease the config accepts (60 s); the test moves the runner's clock past it. */
const LEASE_SECONDS = 60;

function cliEnv(home: TempHome): Record<string, string> {
  const env: Record<string, string> = { ...home.env, ENGRAM_LOG: "error" };
  delete env.OPENAI_API_KEY;
  return env;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("phase 1 across processes", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  test("kill -9 mid-job: the lease holds the job until it expires, then another run takes it over and finishes it", async (t) => {
    const home = await indexedHome();
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { memories: { lease_seconds: LEASE_SECONDS, heartbeat_seconds: 30 } });
    server.requests.length = 0;
    server.setScript(() => ({ kind: "hang" }));

    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli/run.ts"), "extract", "--thread", PREFS_ID, "--now", "--json"], {
      cwd: REPO_ROOT, env: cliEnv(home), stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    t.after(() => child.kill("SIGKILL"));
    await until(() => server.requests.length > 0, 20_000);
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");

    const held = jobRow(home, PREFS_ID)!;
    assert.equal(held.status, "running");
    assert.ok(held.lease_until! > Date.now() / 1000, "the dead process's lease is still live");

    server.setScript(() => memoryReply("taken-over"));
    const before = server.requests.length;
    const blocked = await runCli(["extract", "--thread", PREFS_ID, "--now", "--json"], { env: cliEnv(home) });
    const blockedSummary = JSON.parse(blocked.stdout);
    assert.equal(blockedSummary.claimed, 0);
    assert.equal(blockedSummary.skipped.skipped_running, 1);
    assert.equal(server.requests.length, before, "no second request while the lease lives");

    const later = await extract(home, { threadIds: [PREFS_ID], now: () => Date.now() + (LEASE_SECONDS + 1) * 1000 });
    assert.equal(later.succeeded, 1, JSON.stringify(later.jobs));
    const done = jobRow(home, PREFS_ID)!;
    assert.equal(done.status, "done");
    assert.equal(done.attempts, 2, "the crashed attempt counts");
  });

  test("two runners started together extract each of 10 threads exactly once", async (t) => {
    const files = Array.from({ length: 10 }, (_, i) => syntheticFile(100 + i, 1));
    const home = await indexedHome({ noFixtures: true, extra: files });
    t.after(() => home.cleanup());
    writeConfig(home.engramHome, server.url, { memories: { extraction_concurrency: 2 } });
    server.requests.length = 0;
    server.setScript((req) => ({ ...memoryReply(threadOfRequest(req) ?? "?"), delayMs: 150 }));

    const [a, b] = await Promise.all([
      runCli(["extract", "--now", "--json"], { env: cliEnv(home) }),
      runCli(["extract", "--now", "--json"], { env: cliEnv(home) }),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const sa = JSON.parse(a.stdout);
    const sb = JSON.parse(b.stdout);
    assert.equal(sa.succeeded + sb.succeeded, 10);
    assert.equal(sa.claimed + sb.claimed, 10);

    const perThread = new Map<string, number>();
    for (const r of server.requests) perThread.set(threadOfRequest(r)!, (perThread.get(threadOfRequest(r)!) ?? 0) + 1);
    assert.deepEqual([...perThread.keys()].sort(), files.map((f) => f.id).sort());
    assert.ok([...perThread.values()].every((n) => n === 1), JSON.stringify([...perThread]));

    const db = openDb(home);
    t.after(() => db.close());
    const running = db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'running'").get() as { n: number };
    assert.equal(running.n, 0);
    const outputs = db.prepare("SELECT COUNT(*) AS n FROM stage1_outputs").get() as { n: number };
    assert.equal(outputs.n, 10);
  });
});

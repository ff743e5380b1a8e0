/**
 * `engram threads` tells the user what it did not show (an unknown --source, a list cut at --limit),
 * and its output survives a reader that stops early (`engram threads | head -1`): no EPIPE crash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { openStateDb } from "../../src/db/stateDb.js";
import { runCli } from "../helpers/runCli.js";
import { layoutFixtures, makeTempHome, REPO_ROOT, type TempHome } from "../helpers/tempHome.js";

const SEEDED_THREADS = 200;

/** Indexes the three fixtures, then copies one thread row until there are `SEEDED_THREADS` + 3. */
async function homeWithManyThreads(): Promise<TempHome> {
  const h = makeTempHome();
  layoutFixtures(h.codexHome);
  const r = await runCli(["index"], { env: h.env });
  assert.equal(r.code, 0, r.stderr);
  const db = openStateDb(h.engramHome);
  try {
    db.exec("CREATE TEMP TABLE seed AS SELECT * FROM threads WHERE source = 'exec' LIMIT 1");
    const rename = db.prepare("UPDATE seed SET id = ?, rollout_path = ?");
    const copy = db.prepare("INSERT INTO threads SELECT * FROM seed");
    db.transaction(() => {
      for (let i = 0; i < SEEDED_THREADS; i++) {
        rename.run(`seeded-${String(i).padStart(4, "0")}`, `/nowhere/seeded-${i}.jsonl`);
        copy.run();
      }
    })();
  } finally {
    db.close();
  }
  return h;
}

test("threads warns on a --source no thread has, naming the sources present, and says when --limit cut the list", async () => {
  const h = await homeWithManyThreads();
  try {
    const bogus = await runCli(["threads", "--source", "bogus"], { env: h.env });
    assert.equal(bogus.code, 0, bogus.stderr);
    assert.match(bogus.stderr, /^engram: warning: no indexed thread has source "bogus"; sources indexed: exec \(201\), vscode \(2\)\n/);
    const known = await runCli(["threads", "--source", "vscode", "--json"], { env: h.env });
    assert.equal(known.stderr, "", "a known source warns nothing");
    assert.equal(JSON.parse(known.stdout).total, 2);

    const cut = await runCli(["threads"], { env: h.env });
    assert.equal(cut.code, 0, cut.stderr);
    assert.match(cut.stderr, /showing 50 of 203 matching threads; use --limit N/);
    assert.equal(cut.stdout.trim().split("\n").length, 51, "header + 50 rows");
    const json = JSON.parse((await runCli(["threads", "--json", "--limit", "10"], { env: h.env })).stdout);
    assert.equal(json.total, 203);
    assert.equal(json.threads.length, 10);
    const whole = await runCli(["threads", "--limit", "500"], { env: h.env });
    assert.doesNotMatch(whole.stderr, /showing/);
  } finally {
    h.cleanup();
  }
});

/** Runs the CLI with stdout read by a reader that closes the pipe after the first chunk. */
function runClosingEarly(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli/run.ts"), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test("a reader that closes stdout early (| head -1) ends engram quietly with exit 0", async () => {
  const h = await homeWithManyThreads();
  try {
    for (let run = 0; run < 5; run++) {
      for (const args of [["threads", "--limit", "500"], ["threads", "--limit", "500", "--json"], ["config", "show"]]) {
        const r = await runClosingEarly(args, h.env);
        assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/, `${args.join(" ")}: ${r.stderr}`);
        assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      }
    }
  } finally {
    h.cleanup();
  }
});

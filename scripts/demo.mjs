#!/usr/bin/env node
// engram demo: indexes the example Codex sessions in examples/sessions into a throwaway engram home
// (.engram-demo/, gitignored) and lists the threads found. Later stages extend it to the whole pipeline.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const home = path.join(repo, ".engram-demo");
// From source when tsx is installed (a stale dist/ cannot mislead the demo), else the built CLI.
const fromSource = fs.existsSync(path.join(repo, "node_modules/tsx"));
const cli = fromSource ? ["--import", "tsx", path.join(repo, "src/cli/run.ts")] : [path.join(repo, "bin/engram.js")];
const env = { ...process.env, ENGRAM_HOME: home };

function engram(...args) {
  console.log(`\n$ ENGRAM_HOME=.engram-demo engram ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [...cli, ...args], { cwd: repo, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`demo: engram ${args[0]} exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

console.log(`demo: engram home is ${home} (${fromSource ? "running from source" : "built CLI"})`);
engram("index", "--source", "examples/sessions");
engram("threads");
engram("status");

/**
 * `npm run demo`: runs engram on the example Codex sessions in examples/sessions with a throwaway
 * engram home (.engram-demo/, gitignored): index, the whole `engram update` pipeline, then what a
 * new session would read. Uses the built CLI (bin/engram.js, built by `npm install`) as a user would.
 *
 * No API key or network is needed: the model is scripts/demoModel.ts, a scripted stand-in on
 * 127.0.0.1. Point engram at a real provider (README, "Configuration") for real memories.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoModel } from "./demoModel.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const home = path.join(repo, ".engram-demo");
const bin = path.join(repo, "bin/engram.js");
if (!fs.existsSync(path.join(repo, "dist/cli/main.js"))) {
  console.error("demo: dist/ is missing; run `npm install` (it builds engram) or `npm run build` first");
  process.exit(1);
}

fs.rmSync(home, { recursive: true, force: true });
fs.mkdirSync(home, { recursive: true });
const model = await startDemoModel();
fs.writeFileSync(
  path.join(home, "config.toml"),
  [
    "# Written by npm run demo: a scripted stand-in model on 127.0.0.1 (scripts/demoModel.ts).",
    'model_provider = "demo"',
    "[model_providers.demo]",
    'name = "engram demo model"',
    `base_url = "${model.url}"`,
    'wire_api = "responses"',
    "",
  ].join("\n"),
);
// The example sessions are from 2026-11-23; --now skips the 12 h idle window, and a wide age window
// keeps them eligible whenever the demo runs.
fs.appendFileSync(path.join(home, "config.toml"), "[memories]\nmax_rollout_age_days = 3650\n");

const env = { ...process.env, ENGRAM_HOME: home, CODEX_HOME: path.join(repo, "examples") };
/** Runs the real CLI as a child process (async: the demo model answers from this process meanwhile). */
function engram(...args: string[]): Promise<void> {
  console.log(`\n$ engram ${args.join(" ")}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`engram ${args[0]} exited with ${code}`))));
  });
}

console.log(`demo: ENGRAM_HOME=${path.relative(repo, home)}, CODEX_HOME=examples (3 real Codex 0.169 sessions)`);
try {
  await engram("update", "--now");
  await engram("threads");
  await engram("status");
  await engram("history");
  const summary = path.join(home, "memories/memory_summary.md");
  console.log(`\n$ cat ${path.relative(repo, summary)}`);
  console.log(fs.readFileSync(summary, "utf8"));
  console.log(`demo: ${model.requests.length} model requests; the memory folder is ${path.relative(repo, path.join(home, "memories"))}/`);
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await model.close();
}

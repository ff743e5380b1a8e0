/**
 * Runs the real CLI from source in a child process: `node --import tsx src/cli/run.ts …args` with the
 * given env (usually `makeTempHome().env`). Resolves with exit code, stdout and stderr; never rejects
 * on a non-zero exit.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./tempHome.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Text written to stdin (stdin is closed either way). */
  input?: string;
  /** Kill the child after this long (default 60 s: a hung CLI must fail the test, not hang it). */
  timeoutMs?: number;
}

export function runCli(args: readonly string[], options: RunCliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src/cli/run.ts"), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

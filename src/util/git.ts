/**
 * A thin wrapper over the system `git` binary (dependencies.md §2: execFile, no library).
 *
 * Every call runs in an isolated environment: no system or global config, no hooks, no GPG signing,
 * no credential prompts, and an explicit author/committer, so the user's own git setup can neither
 * change engram's results nor run code during a consolidation. `GIT_*` variables inherited from the
 * caller (GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE … e.g. when engram runs inside a git hook) are
 * dropped so they cannot redirect engram at another repository.
 */
import { spawn } from "node:child_process";
import { EngramError } from "../errors.js";

/** The identity engram's commits carry. */
export const ENGRAM_GIT_NAME = "engram";
export const ENGRAM_GIT_EMAIL = "engram@localhost";

/** git output can be a whole workspace diff; 256 MiB keeps a runaway diff from exhausting memory. */
const GIT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** `-c` options put in front of every command: no hooks, no signing, byte-exact paths. */
const ISOLATION_CONFIG_ARGS = [
  "-c", "core.hooksPath=/dev/null",
  "-c", "commit.gpgsign=false",
  "-c", "tag.gpgsign=false",
  "-c", "core.quotepath=false",
  "-c", "core.autocrlf=false",
  "-c", "core.fsmonitor=false",
  "-c", "gc.auto=0",
];

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface GitOptions {
  /** Extra environment (e.g. `GIT_INDEX_FILE`); applied after isolation, so it wins. */
  env?: Record<string, string>;
  /** Written to git's stdin. */
  input?: string;
  /** Exit codes that are not errors (e.g. `[1]` for `git diff --quiet`). 0 is always accepted. */
  okCodes?: number[];
}

/** A git command failed: names the command and carries git's stderr. */
export class GitError extends EngramError {
  readonly args: string[];
  readonly exitStatus: number;
  readonly stderr: string;

  constructor(cwd: string, args: string[], exitStatus: number, stderr: string) {
    super("git_failed", `git ${args.join(" ")} failed in ${cwd} (exit ${exitStatus}): ${stderr.trim() || "(no output)"}`, {
      hint: "Check that git is installed and that the memory folder is not being changed by another program.",
    });
    this.name = "GitError";
    this.args = args;
    this.exitStatus = exitStatus;
    this.stderr = stderr;
  }
}

/** The environment every git call gets. */
export function isolatedGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith("GIT_")) continue;
    env[key] = value;
  }
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: ENGRAM_GIT_NAME,
    GIT_AUTHOR_EMAIL: ENGRAM_GIT_EMAIL,
    GIT_COMMITTER_NAME: ENGRAM_GIT_NAME,
    GIT_COMMITTER_EMAIL: ENGRAM_GIT_EMAIL,
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
  });
  return Object.assign(env, extra);
}

/** Runs `git <args>` in `cwd`; throws GitError on a non-accepted exit code. */
export function git(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const fullArgs = [...ISOLATION_CONFIG_ARGS, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, { cwd, env: isolatedGitEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let tooBig = false;
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > GIT_MAX_OUTPUT_BYTES) {
        tooBig = true;
        child.kill();
        return;
      }
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (e) => {
      reject(new EngramError("git_missing", `could not run git in ${cwd}: ${e.message}`, {
        hint: "engram needs the git command line tool on PATH.",
        cause: e,
      }));
    });
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      const exit = code ?? -1;
      if (tooBig) {
        reject(new GitError(cwd, args, exit, `output larger than ${GIT_MAX_OUTPUT_BYTES} bytes`));
      } else if (exit === 0 || options.okCodes?.includes(exit)) {
        resolve({ stdout, stderr, code: exit });
      } else {
        reject(new GitError(cwd, args, exit, stderr));
      }
    });
    child.stdin.on("error", () => {
      // git may exit before reading its input; the exit code reports the real problem.
    });
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Spawns claim-worker.ts processes, releases them together once all are ready, and returns each
 * one's JSON result.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { WorkerTask } from "./claim-worker.js";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "claim-worker.ts");
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function runWorkers(tasks: WorkerTask[]): Promise<unknown[]> {
  const children = tasks.map((task) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(task)], {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (stdout.startsWith("ready\n") ? resolve() : undefined);
      child.stdout.on("data", check);
      child.once("exit", (code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
    });
    const done = new Promise<unknown>((resolve, reject) => {
      child.once("exit", (code) => {
        if (code !== 0) return reject(new Error(`worker exited ${code}: ${stderr}`));
        const last = stdout.trim().split("\n").pop() ?? "";
        resolve(JSON.parse(last));
      });
    });
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.stdin.end("go\n");
  return Promise.all(children.map((c) => c.done));
}

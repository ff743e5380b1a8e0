/**
 * A child process for the multi-process claim tests. Usage:
 *   node --import tsx test/jobs/claim-worker.ts '<json task>'
 * Opens the state DB under `task.home`, prints "ready", waits for one line on stdin (the start
 * barrier, so all workers race together), runs the task and prints one JSON result line.
 */
import readline from "node:readline";
import { openStateDb } from "../../src/db/stateDb.js";
import { claimStage1Job } from "../../src/db/jobs/claimStage1Job.js";
import { claimStage1Jobs } from "../../src/db/jobs/claimStage1Jobs.js";
import { completeStage1Job } from "../../src/db/jobs/completeStage1Job.js";

export type WorkerTask =
  | { mode: "claim-one"; home: string; workerId: string; threadId: string; sourceUpdatedAt: number; now: number; leaseSeconds: number }
  | { mode: "claim-loop"; home: string; workerId: string; now: number; maxClaimedPerPass: number; maxRunningJobs: number }
  | { mode: "complete"; home: string; threadId: string; token: string; sourceUpdatedAt: number; now: number };

function run(task: WorkerTask): unknown {
  const db = openStateDb(task.home);
  try {
    switch (task.mode) {
      case "claim-one":
        return claimStage1Job(db, {
          threadId: task.threadId, workerId: task.workerId, sourceUpdatedAt: task.sourceUpdatedAt,
          leaseSeconds: task.leaseSeconds, maxRunningJobs: 64, now: task.now,
        });
      case "claim-loop": {
        const claimed: string[] = [];
        for (;;) {
          const pass = claimStage1Jobs(db, {
            workerId: task.workerId, allowedSources: ["cli"], maxAgeDays: 30, minIdleHours: 1,
            maxClaimed: task.maxClaimedPerPass, maxRunningJobs: task.maxRunningJobs, now: task.now,
          });
          if (pass.claims.length === 0) break;
          claimed.push(...pass.claims.map((c) => c.thread.id));
        }
        return { claimed };
      }
      case "complete":
        return {
          completed: completeStage1Job(db, {
            threadId: task.threadId, token: task.token, sourceUpdatedAt: task.sourceUpdatedAt,
            rawMemory: "raw", rolloutSummary: "summary", rolloutSlug: null, now: task.now,
          }),
        };
    }
  } finally {
    db.close();
  }
}

const task = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
process.stdout.write("ready\n");
const rl = readline.createInterface({ input: process.stdin });
rl.once("line", () => {
  rl.close();
  process.stdout.write(`${JSON.stringify(run(task))}\n`);
});

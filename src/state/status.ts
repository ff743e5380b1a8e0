/** `engram status` as a library call: counts and pipeline state from the state DB, and where the DBs are. */
import { openStateDbForReading } from "../db/stateDb.js";
import { nowSeconds } from "../db/open.js";
import { logsDbPath, stateDbPath } from "../paths.js";
import { countThreads, type ThreadCounts } from "../db/threads/countThreads.js";
import { countRolloutFiles, type RolloutFileCounts } from "../db/files/countRolloutFiles.js";
import { countJobsByStatus } from "../db/jobs/countJobsByStatus.js";
import { countStage1Outputs } from "../db/stage1/countStage1Outputs.js";
import { getPipelineStatus, type PipelineSettings, type PipelineStatus } from "./pipelineStatus.js";

export interface EngramStatus extends PipelineStatus {
  home: string;
  stateDb: string;
  logsDb: string;
  /** Unix seconds the status was read at (the times below compare to it). */
  now: number;
  threads: ThreadCounts;
  files: RolloutFileCounts;
  jobs: { kind: string; status: string; count: number }[];
  stage1Outputs: number;
  /** False when the state DB does not exist yet (nothing indexed; the counts are all zero). */
  stateDbExists: boolean;
}

/** Reads only: on a fresh install it reports zeros without creating ENGRAM_HOME. */
export function getStatus(home: string, settings: PipelineSettings, now: number = nowSeconds()): EngramStatus {
  const { db, exists } = openStateDbForReading(home);
  try {
    return {
      home,
      stateDb: stateDbPath(home),
      logsDb: logsDbPath(home),
      now,
      stateDbExists: exists,
      threads: countThreads(db),
      files: countRolloutFiles(db),
      jobs: countJobsByStatus(db),
      stage1Outputs: countStage1Outputs(db),
      ...getPipelineStatus(db, settings, now),
    };
  } finally {
    db.close();
  }
}

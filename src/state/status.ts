/** `engram status` as a library call: counts from the state DB, and where the DBs are. */
import { openStateDb } from "../db/stateDb.js";
import { logsDbPath, stateDbPath } from "../paths.js";
import { countThreads, type ThreadCounts } from "../db/threads/countThreads.js";
import { countRolloutFiles, type RolloutFileCounts } from "../db/files/countRolloutFiles.js";
import { countJobsByStatus } from "../db/jobs/countJobsByStatus.js";
import { countStage1Outputs } from "../db/stage1/countStage1Outputs.js";

export interface EngramStatus {
  home: string;
  stateDb: string;
  logsDb: string;
  threads: ThreadCounts;
  files: RolloutFileCounts;
  jobs: { kind: string; status: string; count: number }[];
  stage1Outputs: number;
}

export function getStatus(home: string): EngramStatus {
  const db = openStateDb(home);
  try {
    return {
      home,
      stateDb: stateDbPath(home),
      logsDb: logsDbPath(home),
      threads: countThreads(db),
      files: countRolloutFiles(db),
      jobs: countJobsByStatus(db),
      stage1Outputs: countStage1Outputs(db),
    };
  } finally {
    db.close();
  }
}

/**
 * `runUpdate`: engram's main job, the steps `engram update` runs in order.
 *
 * 1. index: read new and changed rollouts into the state DB (`indexRollouts`).
 * 2. prune: delete stale stage-1 rows that are not in the last consolidation (`pruneStage1Outputs`, §2.12).
 * 3. phase 1: extract memories from eligible sessions (`runPhase1`; `now` = ignore the idle wait).
 * 4. phase 2: consolidate the memory folder (`runPhase2`; `force` = skip the cooldown).
 * A failure in one step does not hide the others' results: phase 2 runs even when some phase-1 jobs
 * failed (they retry later); a thrown error (bad config, unreadable DB) propagates.
 */
import type { LoadedConfig } from "../config/load.js";
import type { EngramConfig } from "../config/schema.js";
import { openStateDb } from "../db/stateDb.js";
import { pruneStage1Outputs } from "../db/stage1/pruneStage1Outputs.js";
import { addUsage, type ModelClient, type Usage } from "../model/index.js";
import { defaultRolloutSources, type Env } from "../paths.js";
import { runPhase1 } from "../phase1/run.js";
import type { Phase1Event, Phase1Summary } from "../phase1/runTypes.js";
import { runPhase2, type Phase2Event, type Phase2Result } from "../phase2/run.js";
import { indexRollouts } from "../state/indexRollouts.js";
import type { IndexProgress, IndexSummary, RolloutSource } from "../state/types.js";

export interface UpdateOptions {
  home: string;
  config: EngramConfig | LoadedConfig;
  /** Rollout folders (default $CODEX_HOME/sessions and archived_sessions). */
  sources?: readonly RolloutSource[];
  /** Do not wait for sessions to be idle. */
  now?: boolean;
  /** Consolidate even within the cooldown or a failure's backoff. */
  force?: boolean;
  signal?: AbortSignal;
  env?: Env;
  onEvent?: (event: UpdateEvent) => void;
  /** Test hooks: clients for each phase instead of building them from the config. */
  extractClient?: ModelClient;
  consolidateClient?: ModelClient;
}

export type UpdateEvent =
  | { step: "index"; event: IndexProgress }
  | { step: "prune"; deleted: number }
  | { step: "phase1"; event: Phase1Event }
  | { step: "phase2"; event: Phase2Event };

export interface UpdateSummary {
  index: IndexSummary;
  pruned: number;
  phase1: Phase1Summary;
  phase2: Phase2Result;
  /** Both phases' model usage. */
  usage: Usage;
  elapsedMs: number;
}

export async function runUpdate(options: UpdateOptions): Promise<UpdateSummary> {
  const started = Date.now();
  const config = "config" in options.config ? options.config.config : options.config;
  const emit = (e: UpdateEvent) => options.onEvent?.(e);

  // 1. index
  const index = await indexRollouts({
    home: options.home,
    sources: options.sources ?? defaultRolloutSources(options.env ?? process.env),
    onProgress: (event) => emit({ step: "index", event }),
  });
  // 2. prune
  const db = openStateDb(options.home);
  let pruned: number;
  try {
    pruned = pruneStage1Outputs(db, { maxUnusedDays: config.memories.max_unused_days });
  } finally {
    db.close();
  }
  emit({ step: "prune", deleted: pruned });
  // 3. phase 1
  const phase1 = await runPhase1({
    home: options.home,
    config,
    ...(options.now ? { ignoreIdle: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.extractClient ? { client: options.extractClient } : {}),
    onEvent: (event: Phase1Event) => emit({ step: "phase1", event }),
  });
  // 4. phase 2
  const phase2 = await runPhase2({
    home: options.home,
    config,
    ...(options.force ? { force: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.consolidateClient ? { client: options.consolidateClient } : {}),
    onEvent: (event) => emit({ step: "phase2", event }),
  });
  return {
    index,
    pruned,
    phase1,
    phase2,
    usage: addUsage(phase1.usage, phase2.usage),
    elapsedMs: Date.now() - started,
  };
}

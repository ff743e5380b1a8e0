export { indexRollouts } from "./indexRollouts.js";
export { scanSources, isUnder, type FoundFile, type ScanResult } from "./scan.js";
export { getStatus, type EngramStatus } from "./status.js";
export { parseSince } from "./since.js";
export type { IndexOptions, IndexSummary, IndexProgress, RolloutSource, BadLineLocation } from "./types.js";

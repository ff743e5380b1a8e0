/**
 * The runner's pool: never more than `extraction_concurrency` requests in flight, never more running
 * jobs than the global `max_running_stage1_jobs` cap, and every candidate still gets done.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { RecordedRequest } from "../support/modelServer.js";
import { startModelServer, type ModelServer } from "../support/modelServer.js";
import { extract, indexedHome, memoryReply, syntheticFile, threadOfRequest, writeConfig } from "./harness.js";

const LATENCY_MS = 150;

/** Most requests in flight at once, from arrival times and the fixed reply latency. */
function maxInFlight(requests: readonly RecordedRequest[]): number {
  const starts = requests.map((r) => r.atMs);
  return Math.max(...starts.map((s) => starts.filter((o) => o <= s && o + LATENCY_MS > s).length));
}

describe("the extraction pool", () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer();
  });
  after(() => server.close());

  for (const { concurrency, cap, expected } of [
    { concurrency: 3, cap: 64, expected: 3 },
    { concurrency: 3, cap: 2, expected: 2 },
  ]) {
    test(`concurrency ${concurrency} with a global cap of ${cap} keeps ${expected} jobs in flight and finishes all 9`, async (t) => {
      const files = Array.from({ length: 9 }, (_, i) => syntheticFile(200 + i, 1));
      const home = await indexedHome({ noFixtures: true, extra: files });
      t.after(() => home.cleanup());
      writeConfig(home.engramHome, server.url, { memories: { extraction_concurrency: concurrency, max_running_stage1_jobs: cap } });
      server.requests.length = 0;
      server.setScript((req) => ({ ...memoryReply(threadOfRequest(req) ?? "?"), delayMs: LATENCY_MS }));
      const events: string[] = [];

      const summary = await extract(home, { onEvent: (e) => events.push(e.type) });

      assert.equal(summary.succeeded, 9, JSON.stringify(summary.jobs));
      assert.equal(summary.skipped.skipped_cap_reached, 0);
      assert.equal(server.requests.length, 9);
      assert.equal(maxInFlight(server.requests), expected);
      assert.equal(events.filter((e) => e === "claimed").length, 9);
      assert.equal(events.filter((e) => e === "succeeded").length, 9);
    });
  }
});

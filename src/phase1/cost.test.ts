import assert from "node:assert/strict";
import { test } from "node:test";
import { estimateCostUsd, priceFor } from "./cost.js";

test("a known model's cost is input and output tokens at its per-million prices", () => {
  assert.equal(estimateCostUsd("gpt-4o-mini", 1_000_000, 1_000_000), 0.15 + 0.6);
  assert.equal(estimateCostUsd("gpt-5-mini", 2_000_000, 0), 0.5);
  // engram's default models are priced, so a default dry run shows a cost.
  assert.equal(estimateCostUsd("gpt-5.4-mini", 1_000_000, 1_000_000), 0.75 + 4.5);
  assert.equal(estimateCostUsd("gpt-5.4", 1_000_000, 0), 2.5);
});

test("a dated snapshot uses its base model's price; anything else is unknown (null), never a guess", () => {
  assert.deepEqual(priceFor("gpt-4o-mini-2024-07-18"), priceFor("gpt-4o-mini"));
  assert.equal(priceFor("gpt-4o-minimal"), undefined);
  assert.equal(estimateCostUsd("gpt-5.4-mini-preview", 1000, 1000), null);
  assert.equal(estimateCostUsd("llama3.1:8b", 1000, 1000), null);
});

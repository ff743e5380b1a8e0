import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSince } from "./since.js";
import { EngramError } from "../errors.js";

test("parseSince reads durations back from now and ISO dates", () => {
  const now = 1_000_000;
  assert.equal(parseSince("30m", now), now - 1800);
  assert.equal(parseSince("12h", now), now - 12 * 3600);
  assert.equal(parseSince("7d", now), now - 7 * 86400);
  assert.equal(parseSince("2w", now), now - 14 * 86400);
  assert.equal(parseSince("2026-11-23", now), Date.UTC(2026, 10, 23) / 1000);
  assert.equal(parseSince("2026-11-23T10:00:00Z", now), Date.UTC(2026, 10, 23, 10) / 1000);
});

test("parseSince rejects anything else with an EngramError naming the value", () => {
  for (const bad of ["yesterday", "7", "7y", "2026-13-45"]) {
    assert.throws(() => parseSince(bad, 0), (e: unknown) => e instanceof EngramError && e.message.includes(bad));
  }
});

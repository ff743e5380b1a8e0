import assert from "node:assert/strict";
import { test } from "node:test";
import { ContextLengthExceededError, ModelError } from "../model/errors.js";
import { JOB_ERROR_MESSAGE_MAX_CHARS } from "./constants.js";
import { classifyJobError, JobFailure } from "./jobFailure.js";
import { Stage1ParseError } from "./output.js";

test("model errors are model_error with their kind and attempt count; context overflow has its own class", () => {
  const rate = new ModelError("rate_limited", "rate limited (429): slow down", { status: 429, retryable: true });
  rate.attempts = 5;
  assert.deepEqual(classifyJobError(rate), {
    errorClass: "model_error", modelErrorKind: "rate_limited", message: "rate_limited: rate limited (429): slow down (after 5 attempts)",
  });
  assert.equal(classifyJobError(new ContextLengthExceededError("too long")).errorClass, "context_length_exceeded");
});

test("parse errors, file errors, the runner's own failures and bugs each get their class", () => {
  assert.deepEqual(classifyJobError(new Stage1ParseError("not_json", "no JSON")), { errorClass: "parse_error", message: "not_json: stage-1 output: no JSON" });
  const enoent = Object.assign(new Error("no such file"), { code: "ENOENT" });
  assert.equal(classifyJobError(enoent).errorClass, "io_error");
  assert.equal(classifyJobError(new JobFailure("ownership_lost", "lost")).errorClass, "ownership_lost");
  assert.deepEqual(classifyJobError(new TypeError("x is undefined")), { errorClass: "internal_error", message: "TypeError: x is undefined" });
});

test("stored messages are redacted and capped", () => {
  const echoed = classifyJobError(new ModelError("bad_request", `invalid input near sk-abcdefghijklmnopqrstuvwxyz0123 ${"x".repeat(5000)}`));
  assert.ok(!echoed.message.includes("sk-abcdefghijklmnopqrstuvwxyz0123"));
  assert.match(echoed.message, /\[REDACTED_SECRET\]/);
  assert.equal(echoed.message.length, JOB_ERROR_MESSAGE_MAX_CHARS);
});

/**
 * Turning whatever a job threw into the failure class and message stored on its job row (pure).
 * Every message is redacted (a server may echo input back) and capped.
 */
import { ModelError } from "../model/errors.js";
import { redactSecrets } from "../redact/redact.js";
import { JOB_ERROR_MESSAGE_MAX_CHARS } from "./constants.js";
import { Stage1ParseError } from "./output.js";
import type { Phase1ErrorClass } from "./runTypes.js";

/** A failure the runner recognised itself (missing rollout, context too small, lease lost, …). */
export class JobFailure extends Error {
  readonly errorClass: Phase1ErrorClass;
  constructor(errorClass: Phase1ErrorClass, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "JobFailure";
    this.errorClass = errorClass;
  }
}

export interface ClassifiedFailure {
  errorClass: Phase1ErrorClass;
  modelErrorKind?: string;
  message: string;
}

function cap(text: string): string {
  const clean = redactSecrets(text);
  return clean.length <= JOB_ERROR_MESSAGE_MAX_CHARS ? clean : `${clean.slice(0, JOB_ERROR_MESSAGE_MAX_CHARS - 1)}…`;
}

export function classifyJobError(error: unknown): ClassifiedFailure {
  if (error instanceof JobFailure) return { errorClass: error.errorClass, message: cap(error.message) };
  if (error instanceof ModelError) {
    if (error.kind === "context_length_exceeded") {
      return { errorClass: "context_length_exceeded", modelErrorKind: error.kind, message: cap(error.message) };
    }
    const attempts = error.attempts > 1 ? ` (after ${error.attempts} attempts)` : "";
    return { errorClass: "model_error", modelErrorKind: error.kind, message: cap(`${error.kind}: ${error.message}${attempts}`) };
  }
  if (error instanceof Stage1ParseError) return { errorClass: "parse_error", message: cap(`${error.reason}: ${error.message}`) };
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return { errorClass: "io_error", message: cap(`${code}: ${err.message}`) };
  return { errorClass: "internal_error", message: cap(`${err.name}: ${err.message}`) };
}

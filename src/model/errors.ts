/** Typed model errors. Both wire protocols map every failure to one of these kinds. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

export type ModelErrorKind =
  | "rate_limited" | "server_error" | "bad_request" | "auth" | "context_length_exceeded"
  | "timeout" | "aborted" | "connection" | "invalid_response";

/** `request`: failed before a response began (request_max_retries); `stream`: failed mid-stream (stream_max_retries). */
export type FailurePhase = "request" | "stream";

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly phase: FailurePhase;
  /** From Retry-After, already capped. */
  readonly retryAfterMs: number | undefined;
  /** How many HTTP attempts were made in total (set when retries end). */
  attempts = 1;

  constructor(
    kind: ModelErrorKind,
    message: string,
    options: { status?: number; retryable?: boolean; phase?: FailurePhase; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModelError";
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.phase = options.phase ?? "request";
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The input does not fit the model's context window; phase 1 reacts by splitting its input. */
export class ContextLengthExceededError extends ModelError {
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super("context_length_exceeded", message, options);
    this.name = "ContextLengthExceededError";
  }
}

const CONTEXT_LENGTH_MESSAGE =
  /maximum context length|context[_ ]length[_ ]exceeded|context window|exceeds the context|prompt is too long|too many tokens/i;

export function isContextLengthError(code: unknown, message: string): boolean {
  return code === "context_length_exceeded" || CONTEXT_LENGTH_MESSAGE.test(message);
}

/** Longest Retry-After we honour; a server asking for longer gets this, so a job is not parked for hours. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After as seconds (integer or decimal) or an HTTP date; capped at MAX_RETRY_AFTER_MS. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

function messageOf(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === "string" ? body.message : error.message;
}

/** Maps an SDK or fetch error to a ModelError. Errors engram does not recognise are returned unchanged. */
export function classifyError(error: unknown, phase: FailurePhase): unknown {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError("aborted", "model request aborted", { cause: error });
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError("timeout", "model request timed out", { retryable: true, phase, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ModelError("connection", `connection to the model server failed: ${error.message}`, { retryable: true, phase, cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const message = messageOf(error);
    if (isContextLengthError(error.code, message)) return new ContextLengthExceededError(message, { status, cause: error });
    if (status === 429) {
      const quota = error.code === "insufficient_quota";
      return new ModelError("rate_limited", `rate limited (429): ${message}`, {
        status, retryable: !quota, phase, cause: error,
        retryAfterMs: parseRetryAfter(error.headers?.get("retry-after")),
      });
    }
    if (status === undefined) {
      // An error event inside an otherwise good stream.
      return new ModelError("server_error", `model stream reported an error: ${message}`, { retryable: true, phase: "stream", cause: error });
    }
    if (status >= 500) return new ModelError("server_error", `server error (${status}): ${message}`, { status, retryable: true, phase, cause: error });
    if (status === 401 || status === 403) return new ModelError("auth", `authentication failed (${status}): ${message}`, { status, cause: error });
    return new ModelError("bad_request", `request rejected (${status}): ${message}`, { status, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ModelError("invalid_response", `model server sent invalid JSON: ${error.message}`, { cause: error });
  }
  if (error instanceof TypeError && /terminated|fetch failed|socket|other side closed|ECONNRESET/i.test(`${error.message} ${String(error.cause)}`)) {
    return new ModelError("connection", `connection dropped: ${error.message}`, { retryable: true, phase: "stream", cause: error });
  }
  return error;
}

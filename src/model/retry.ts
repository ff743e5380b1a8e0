/**
 * Our own retry loop (the SDK's is disabled) so both protocols behave the same:
 * exponential backoff with jitter, Retry-After honoured, separate budgets for request and stream failures,
 * no retry after an abort or a non-retryable error.
 */
import { ModelError, classifyError } from "./errors.js";

/** Default first backoff; doubled per attempt. Codex starts near 200 ms too. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;
/** Longest computed backoff between attempts. */
export const MAX_BACKOFF_MS = 30_000;

export interface RetryPolicy {
  requestMaxRetries: number;
  streamMaxRetries: number;
  baseDelayMs: number;
}

/** base · 2^(n-1), times a jitter factor in [0.8, 1.2), capped. `attempt` counts retries from 1. */
export function backoffDelayMs(attempt: number, baseDelayMs: number, random = Math.random): number {
  const exp = baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(MAX_BACKOFF_MS, Math.round(exp * (0.8 + 0.4 * random())));
}

export function abortedError(): ModelError {
  return new ModelError("aborted", "model request aborted");
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function withRetries<T>(
  policy: RetryPolicy, signal: AbortSignal | undefined, attempt: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  let requestRetries = 0;
  let streamRetries = 0;
  for (let attempts = 1; ; attempts++) {
    if (signal?.aborted) throw abortedError();
    try {
      return await attempt(signal);
    } catch (raw) {
      if (signal?.aborted) throw abortedError();
      const error = classifyError(raw, "request");
      if (!(error instanceof ModelError)) throw error;
      error.attempts = attempts;
      if (!error.retryable) throw error;
      const used = error.phase === "stream" ? ++streamRetries : ++requestRetries;
      const budget = error.phase === "stream" ? policy.streamMaxRetries : policy.requestMaxRetries;
      if (used > budget) throw error;
      await sleep(error.retryAfterMs ?? backoffDelayMs(used, policy.baseDelayMs), signal);
    }
  }
}

/**
 * Runs `body` with an AbortSignal that fires when nothing arrives for `idleMs` (call `touch()` on every
 * event) or when the caller's signal aborts. Idle → ModelError `timeout` (retryable, stream phase).
 */
export async function withIdleTimeout<T>(
  idleMs: number, outer: AbortSignal | undefined, body: (signal: AbortSignal, touch: () => void) => Promise<T>,
): Promise<T> {
  const inner = new AbortController();
  let idleFired = false;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idleFired = true;
      inner.abort();
    }, idleMs);
  };
  const onOuterAbort = () => inner.abort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  touch();
  const idleError = () =>
    new ModelError("timeout", `no data from the model server for ${idleMs} ms (stream_idle_timeout_ms)`, { retryable: true, phase: "stream" });
  try {
    const result = await body(inner.signal, touch);
    if (outer?.aborted) throw abortedError();
    if (idleFired) throw idleError();
    return result;
  } catch (error) {
    if (outer?.aborted) throw abortedError();
    if (idleFired) throw idleError();
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
  }
}

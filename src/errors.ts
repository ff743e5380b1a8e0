/**
 * Errors that reach the user.
 *
 * An `EngramError` is a user-facing problem (bad config, bad input, a DB from a newer engram):
 * the CLI prints `message` and `hint` without a stack trace and exits with `exitCode`.
 * Anything else that escapes to the CLI is a bug and is printed with its stack.
 */
export class EngramError extends Error {
  /** Stable machine-readable code, e.g. `config_invalid`, `db_too_new`. */
  readonly code: string;
  /** What the user can do next (a command to run, a key to set). */
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EngramError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }

  toJSON(): { error: { code: string; message: string; hint?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) } };
  }
}

/** Turns any thrown value into an Error. */
export function coerceError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === "string" ? value : JSON.stringify(value));
}

export function errorMessage(value: unknown): string {
  return coerceError(value).message;
}

/**
 * How commands print. Results go to stdout (text, or one JSON document with --json);
 * progress and logs go to stderr, so `engram x --json | jq` always works.
 */
/**
 * `engram status | head -1` closes stdout early: that is the reader's choice, not an engram error.
 * Installed once by `main()` before any command runs, so every write to stdout (through these helpers
 * or not) ends the process quietly with exit 0 on EPIPE instead of "Unhandled 'error' event".
 * A closed stderr is ignored the same way (nowhere left to report to).
 */
export function installBrokenPipeHandlers(): void {
  if (brokenPipeHandlersInstalled) return;
  brokenPipeHandlersInstalled = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  process.stderr.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}
let brokenPipeHandlersInstalled = false;

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function printLine(line = ""): void {
  process.stdout.write(line + "\n");
}

/** A warning for the user on stderr (never mixed into stdout, so --json output stays one document). */
export function printWarning(message: string): void {
  process.stderr.write(`engram: warning: ${message}\n`);
}

/** Raw text to stdout (already newline-terminated, e.g. a git patch). */
export function printText(text: string): void {
  process.stdout.write(text);
}

/** A fixed-width table for terminal output. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join("\n");
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

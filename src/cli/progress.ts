/**
 * Progress on stderr. On a terminal: a bar redrawn in place (cli-progress). Elsewhere (CI, pipes):
 * one plain line every few seconds, so logs show the job is alive without flooding them.
 * Disabled entirely with `enabled: false` (--no-progress, --json).
 */
import cliProgress from "cli-progress";

/** How often a non-terminal progress line is printed. */
const PLAIN_PROGRESS_INTERVAL_MS = 5_000;

export interface Progress {
  start(total: number, label: string): void;
  update(done: number, detail?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

export function createProgress(options: { enabled: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled) {
    return { start() {}, update() {}, setTotal() {}, stop() {} };
  }
  if (stream.isTTY && (stream.columns ?? 0) > 20) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{label} [{bar}] {value}/{total} {detail}",
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      start(total, label) {
        bar.start(total, 0, { label, detail: "" });
        started = true;
      },
      update(done, detail = "") {
        if (started) bar.update(done, { detail });
      },
      setTotal(total) {
        if (started) bar.setTotal(total);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let label = "";
  let total = 0;
  let last = 0;
  return {
    start(t, l) {
      total = t;
      label = l;
      last = Date.now();
    },
    update(done, detail = "") {
      const now = Date.now();
      if (now - last < PLAIN_PROGRESS_INTERVAL_MS) return;
      last = now;
      stream.write(`${label}: ${done}/${total}${detail ? ` ${detail}` : ""}\n`);
    },
    setTotal(t) {
      total = t;
    },
    stop() {},
  };
}

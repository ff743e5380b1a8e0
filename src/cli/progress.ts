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
  let started = false;
  return {
    start(t, l) {
      total = t;
      label = l;
      last = Date.now();
      started = true;
    },
    update(done, detail = "") {
      if (!started) return; // before start() there is no label or total to print
      const now = Date.now();
      if (now - last < PLAIN_PROGRESS_INTERVAL_MS) return;
      last = now;
      stream.write(`${label}: ${done}/${total}${detail ? ` ${detail}` : ""}\n`);
    },
    setTotal(t) {
      total = t;
    },
    stop() {
      started = false;
    },
  };
}

export interface StatusLine {
  show(text: string): void;
  stop(): void;
}

/**
 * A one-line status on stderr for multi-stage work (`update`, `consolidate`). On a terminal it is
 * redrawn in place. Elsewhere a line is printed when the stage (the text before the first ':')
 * changes, and otherwise at most every few seconds, so a 10,000-file run does not print 10,000 lines.
 * Off a terminal the last text of a stage is printed before the next stage's first (and on stop()),
 * so the log ends each stage with its final count ("indexing: 3/3"), not a stale first one.
 */
export function createStatusLine(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): StatusLine {
  let shown = false;
  let lastStage = "";
  let lastAt = 0;
  /** The newest text given, and whether it has been printed (off a terminal). */
  let latest = "";
  let latestPrinted = true;
  const print = (text: string) => {
    stream.write(`${text}\n`);
    latestPrinted = true;
  };
  return {
    show(text) {
      if (!enabled) return;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
        shown = true;
        return;
      }
      const stage = text.split(":", 1)[0]!;
      const now = Date.now();
      const stageChanged = stage !== lastStage;
      if (stageChanged && !latestPrinted) print(latest);
      latest = text;
      latestPrinted = false;
      if (!stageChanged && now - lastAt < PLAIN_PROGRESS_INTERVAL_MS) return;
      lastStage = stage;
      lastAt = now;
      print(text);
    },
    stop() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
      if (enabled && !stream.isTTY && !latestPrinted) print(latest);
    },
  };
}

/**
 * `npm run bench:index [-- --size 1GB]`: how fast `engram index` is against a bare read+parse loop.
 *
 * Generates synthetic rollouts (default 1 GB, ~10,000 files) in a temp folder, then measures, each in
 * a fresh child process: (a) a bare loop reading every file and JSON.parsing every line, (b) a cold
 * index, (c) a re-index with nothing changed, (d) a re-index after appending to 1% of the files.
 * Prints times, the b/a speed ratio and peak RSS; deletes the temp folder.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { appendTurn, parseSize, writeSyntheticRollouts } from "./syntheticRollouts.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Targets from issue 2. */
const TARGET_SPEED_RATIO = 0.7; // index speed ≥ 70% of a bare read+parse loop
const TARGET_PEAK_RSS_MB = 256;
const TARGET_UNCHANGED_SECONDS = 2; // for 10,000 files

const sizeArg = process.argv.indexOf("--size");
const totalBytes = parseSize(sizeArg >= 0 ? process.argv[sizeArg + 1] ?? "" : "1GB");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "engram-bench-index-"));

interface ChildResult {
  ms: number;
  maxRssMb: number;
  summary?: Record<string, unknown>;
  lines?: number;
}

/** Runs `code` (an ES module body) in a child node with tsx; it must print one JSON line last. */
function child(code: string): ChildResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
}

const bareLoop = `
import fs from "node:fs";
const t0 = performance.now();
let lines = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = d + "/" + e.name; if (e.isDirectory()) walk(p); else if (e.name.endsWith(".jsonl")) readOne(p); } };
const readOne = (p) => { const buf = fs.readFileSync(p); let s = 0; for (;;) { const nl = buf.indexOf(10, s); if (nl < 0) break; JSON.parse(buf.toString("utf8", s, nl)); lines++; s = nl + 1; } };
walk(${JSON.stringify(path.join(root, "sessions"))});
console.log(JSON.stringify({ ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, lines }));
`;

const indexRun = `
import { indexRollouts } from ${JSON.stringify(path.join(REPO, "src/state/indexRollouts.ts"))};
const t0 = performance.now();
const summary = await indexRollouts({ home: ${JSON.stringify(path.join(root, "engram"))}, sources: [{ dir: ${JSON.stringify(path.join(root, "sessions"))}, archived: false }] });
console.log(JSON.stringify({ ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, summary }));
`;

const secs = (ms: number) => (ms / 1000).toFixed(2) + " s";
const check = (ok: boolean) => (ok ? "ok" : "MISSED");

try {
  process.stderr.write(`bench: writing ~${(totalBytes / 1e6).toFixed(0)} MB of synthetic rollouts to ${root}\n`);
  const g0 = performance.now();
  let lastReport = 0;
  const files = writeSyntheticRollouts(root, totalBytes, (done, total) => {
    if (performance.now() - lastReport > 5000 || done === total) {
      lastReport = performance.now();
      process.stderr.write(`bench: ${done}/${total} files\n`);
    }
  });
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const largest = Math.max(...files.map((f) => fs.statSync(f).size));
  process.stderr.write(`bench: generated in ${secs(performance.now() - g0)}\n`);

  const a = child(bareLoop);
  const b = child(indexRun);
  const c = child(indexRun);
  const step = Math.max(1, Math.round(files.length / Math.max(1, Math.round(files.length * 0.01))));
  let appended = 0;
  for (let i = 0; i < files.length; i += step) {
    appendTurn(files[i]!);
    appended++;
  }
  const d = child(indexRun);

  const ratio = a.ms / b.ms;
  const out = [
    `corpus: ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB, ${a.lines} lines, largest ${(largest / 1e6).toFixed(1)} MB`,
    `(a) bare read + JSON.parse loop : ${secs(a.ms)} (peak RSS ${a.maxRssMb.toFixed(0)} MB)`,
    `(b) cold index                  : ${secs(b.ms)} (peak RSS ${b.maxRssMb.toFixed(0)} MB) threads added ${b.summary?.threadsAdded}, bad lines ${b.summary?.badLines}`,
    `    speed vs bare loop (a/b)    : ${ratio.toFixed(2)} (target ≥ ${TARGET_SPEED_RATIO}) ${check(ratio >= TARGET_SPEED_RATIO)}`,
    `    peak RSS                    : ${check(b.maxRssMb < TARGET_PEAK_RSS_MB)} (target < ${TARGET_PEAK_RSS_MB} MB)`,
    `(c) unchanged re-index          : ${secs(c.ms)} files read ${c.summary?.filesRead} (target < ${TARGET_UNCHANGED_SECONDS} s for 10,000 files) ${check(c.ms < (TARGET_UNCHANGED_SECONDS * 1000 * Math.max(files.length, 10_000)) / 10_000)}`,
    `(d) after appending to ${appended} files : ${secs(d.ms)} files read ${d.summary?.filesRead} (appended ${d.summary?.filesAppended})`,
  ];
  process.stdout.write(out.join("\n") + "\n");
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

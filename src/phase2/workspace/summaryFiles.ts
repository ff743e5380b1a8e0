/**
 * Pure renderers for the files phase 2 materialises from DB rows (codex-memories-spec §3.6):
 * the `rollout_summaries/<stem>.md` file stem and body, and `raw_memories.md`.
 */

/** One selected stage-1 output joined with its thread's metadata. */
export interface MemoryInput {
  threadId: string;
  /** threads.updated_at of the extracted snapshot, Unix seconds. */
  sourceUpdatedAt: number;
  rawMemory: string;
  rolloutSummary: string;
  rolloutSlug: string | null;
  rolloutPath: string;
  cwd: string;
  gitBranch: string | null;
}

/** Slugs in file names are capped (spec §3.6 ROLLOUT_SLUG_MAX_LEN) to keep names readable. */
export const ROLLOUT_SLUG_MAX_CHARS = 60;
const BASE62_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** 62^4: the hash is written as exactly 4 base-62 digits. */
const SHORT_HASH_MODULUS = 62 ** 4;

const UUID_HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_SIMPLE = /^[0-9a-fA-F]{32}$/;

/** The 32 hex digits of a UUID, or null when `id` is not one. */
function uuidHex(id: string): string | null {
  if (UUID_HYPHENATED.test(id)) return id.replaceAll("-", "").toLowerCase();
  if (UUID_SIMPLE.test(id)) return id.toLowerCase();
  return null;
}

/** Unix seconds embedded in a v7 UUID (first 48 bits = milliseconds), else null. */
function uuidV7Seconds(hex: string): number | null {
  if (hex[12] !== "7") return null;
  return Math.floor(parseInt(hex.slice(0, 12), 16) / 1000);
}

/** 31-multiplier rolling hash of the UTF-8 bytes, wrapping at 32 bits. */
function rollingHash32(text: string): number {
  let h = 0;
  for (const byte of Buffer.from(text, "utf8")) h = (Math.imul(h, 31) + byte) >>> 0;
  return h;
}

function base62Digits4(value: number): string {
  let v = value % SHORT_HASH_MODULUS;
  let out = "";
  for (let i = 0; i < 4; i++) {
    out = BASE62_ALPHABET[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** `%Y-%m-%dT%H-%M-%S` in UTC. */
export function fileTimestamp(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replaceAll(":", "-");
}

/** RFC 3339 in UTC without fractional seconds, e.g. `2026-02-17T21:23:02Z`. */
export function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19) + "Z";
}

export function sanitiseSlug(raw: string | null): string {
  if (!raw) return "";
  let out = "";
  for (const ch of raw) {
    if (out.length >= ROLLOUT_SLUG_MAX_CHARS) break;
    out += /^[A-Za-z0-9]$/.test(ch) ? ch.toLowerCase() : "_";
  }
  return out.replace(/_+$/, "");
}

/** `<YYYY-MM-DDTHH-MM-SS>-<hash4>[-<slug>]` (spec §3.6). */
export function rolloutSummaryFileStem(m: { threadId: string; sourceUpdatedAt: number; rolloutSlug: string | null }): string {
  const hex = uuidHex(m.threadId);
  const seconds = (hex ? uuidV7Seconds(hex) : null) ?? m.sourceUpdatedAt;
  const seed = hex ? parseInt(hex.slice(24), 16) : rollingHash32(m.threadId);
  const prefix = `${fileTimestamp(seconds)}-${base62Digits4(seed)}`;
  const slug = sanitiseSlug(m.rolloutSlug);
  return slug ? `${prefix}-${slug}` : prefix;
}

export function renderRolloutSummaryFile(m: MemoryInput): string {
  const header = [
    `thread_id: ${m.threadId}`,
    `updated_at: ${rfc3339(m.sourceUpdatedAt)}`,
    `rollout_path: ${m.rolloutPath}`,
    `cwd: ${m.cwd}`,
    ...(m.gitBranch ? [`git_branch: ${m.gitBranch}`] : []),
  ];
  return `${header.join("\n")}\n\n${m.rolloutSummary.replace(/\n+$/, "")}\n`;
}

export const RAW_MEMORIES_EMPTY_TEXT = "No raw memories yet.";

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `raw_memories.md`: one entry per memory, ascending thread-id order (spec §3.6, G3 form). */
export function renderRawMemoriesFile(memories: readonly MemoryInput[]): string {
  if (memories.length === 0) return `# Raw Memories\n\n${RAW_MEMORIES_EMPTY_TEXT}\n`;
  const sorted = [...memories].sort((a, b) => compareCodeUnits(a.threadId, b.threadId));
  const entries = sorted.map((m) =>
    [
      `## Thread \`${m.threadId}\``,
      `updated_at: ${rfc3339(m.sourceUpdatedAt)}`,
      `cwd: ${m.cwd}`,
      `rollout_path: ${m.rolloutPath}`,
      `rollout_summary_file: ${rolloutSummaryFileStem(m)}.md`,
      "",
      m.rawMemory.trim(),
    ].join("\n"),
  );
  return `# Raw Memories\n\nMerged stage-1 raw memories (ascending thread id order):\n\n${entries.join("\n\n")}\n`;
}

/**
 * The stage-1 output contract: the strict JSON schema sent to the model (codex-memories-spec §2.7) and a
 * tolerant parser for what comes back (pure).
 *
 * Parsing accepts: plain JSON; a ```json fenced block; JSON embedded in prose (first `{` to its matching
 * `}`); legacy keys (`summary`, `rolloutSummary`, `rawMemory`, `slug`). It then trims, treats "both
 * texts empty" as the no-signal sentinel, rejects "exactly one empty", caps sizes on a line boundary,
 * sanitises the slug, and redacts secrets in every field. Failures throw `Stage1ParseError`.
 */
import { redactSecrets } from "../redact/redact.js";
import { RAW_MEMORY_MAX_BYTES, ROLLOUT_SLUG_MAX_CHARS, ROLLOUT_SUMMARY_MAX_BYTES } from "./constants.js";

export const STAGE1_OUTPUT_SCHEMA = {
  type: "object",
  properties: {
    rollout_summary: { type: "string" },
    rollout_slug: { type: ["string", "null"] },
    raw_memory: { type: "string" },
  },
  required: ["rollout_summary", "rollout_slug", "raw_memory"],
  additionalProperties: false,
} as const;

export type Stage1Output =
  | { kind: "empty" }
  | { kind: "memory"; rolloutSummary: string; rolloutSlug: string | null; rawMemory: string };

export type Stage1ParseReason = "not_json" | "not_object" | "wrong_type" | "missing_field" | "half_empty";

export class Stage1ParseError extends Error {
  readonly reason: Stage1ParseReason;
  constructor(reason: Stage1ParseReason, message: string) {
    super(`stage-1 output: ${message}`);
    this.name = "Stage1ParseError";
    this.reason = reason;
  }
}

const SUMMARY_KEYS = ["rollout_summary", "rolloutSummary", "summary"];
const RAW_KEYS = ["raw_memory", "rawMemory"];
const SLUG_KEYS = ["rollout_slug", "rolloutSlug", "slug"];

export function parseStage1Output(text: string): Stage1Output {
  const obj = extractJsonObject(text);
  const summary = pickString(obj, SUMMARY_KEYS, "rollout_summary").trim();
  const raw = pickString(obj, RAW_KEYS, "raw_memory").trim();
  const slugValue = pickOptional(obj, SLUG_KEYS);
  if (slugValue !== null && typeof slugValue !== "string") {
    throw new Stage1ParseError("wrong_type", `rollout_slug must be a string or null, got ${typeName(slugValue)}`);
  }

  if (summary === "" && raw === "") return { kind: "empty" };
  if (raw === "") throw new Stage1ParseError("half_empty", "rollout_summary is filled but raw_memory is empty (both or neither)");
  if (summary === "") throw new Stage1ParseError("half_empty", "raw_memory is filled but rollout_summary is empty (both or neither)");

  // Redact before sanitising: sanitising joins words with "-", which can hide a key from the rules.
  const slug = sanitizeSlug(redactSecrets(slugValue ?? ""));
  return {
    kind: "memory",
    rolloutSummary: redactSecrets(capBytes(summary, ROLLOUT_SUMMARY_MAX_BYTES)),
    rolloutSlug: slug,
    rawMemory: redactSecrets(capBytes(raw, RAW_MEMORY_MAX_BYTES)),
  };
}

/** Lowercase ASCII letters/digits, `-` and `_`, at most ROLLOUT_SLUG_MAX_CHARS; empty → null. */
export function sanitizeSlug(slug: string): string | null {
  const cleaned = slug
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // drop the accents NFKD split off
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, ROLLOUT_SLUG_MAX_CHARS)
    .replace(/[-_]+$/g, "");
  return cleaned === "" ? null : cleaned;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes on a line boundary, with a marker saying so. */
export function capBytes(text: string, maxBytes: number): string {
  const total = Buffer.byteLength(text, "utf8");
  if (total <= maxBytes) return text;
  const marker = (cut: number) => `\n…[cut by engram: ${cut} more bytes]`;
  const room = maxBytes - Buffer.byteLength(marker(total), "utf8");
  const lines = text.split("\n");
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = Buffer.byteLength(line, "utf8") + (kept.length > 0 ? 1 : 0);
    if (used + cost > room) break;
    kept.push(line);
    used += cost;
  }
  if (kept.length === 0) {
    // One enormous first line: cut inside it rather than return nothing.
    kept.push(Buffer.from(text, "utf8").subarray(0, Math.max(0, room)).toString("utf8").replace(/\uFFFD$/, ""));
    used = Buffer.byteLength(kept[0]!, "utf8");
  }
  return kept.join("\n") + marker(total - used);
}

function extractJsonObject(text: string): Record<string, unknown> {
  const candidates: string[] = [text.trim()];
  for (const m of text.matchAll(/```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```/g)) candidates.push(m[1]!.trim());
  const embedded = firstBalancedObject(text);
  if (embedded) candidates.push(embedded);
  const first = text.indexOf("{");
  const last = text.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));

  let sawNonObject: unknown = undefined;
  for (const c of candidates) {
    if (!c) continue;
    let value: unknown;
    try {
      value = JSON.parse(c);
    } catch {
      continue;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    sawNonObject = value;
  }
  if (sawNonObject !== undefined) {
    throw new Stage1ParseError("not_object", `expected a JSON object, got ${typeName(sawNonObject)}`);
  }
  const preview = text.trim().slice(0, 80).replace(/\s+/g, " ");
  throw new Stage1ParseError("not_json", `no JSON object found in the model's reply (starts with: ${JSON.stringify(preview)})`);
}

/** The first `{…}` whose braces balance, skipping braces inside JSON strings. */
function firstBalancedObject(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

function pickOptional(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined) return obj[k];
  return null;
}

function pickString(obj: Record<string, unknown>, keys: readonly string[], canonical: string): string {
  const value = pickOptional(obj, keys);
  if (value === null) throw new Stage1ParseError("missing_field", `missing ${canonical} (also looked for ${keys.slice(1).join(", ")})`);
  if (typeof value !== "string") throw new Stage1ParseError("wrong_type", `${canonical} must be a string, got ${typeName(value)}`);
  return value;
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

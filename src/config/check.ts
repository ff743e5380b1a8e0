/** Checks one value against its KeySpec; errors name the file, the key path, what was found and what is allowed. */
import { EngramError } from "../errors.js";
import type { KeySpec } from "./schema.js";
import { closest } from "./suggest.js";

/** Where a value came from, for error messages: the config file, an env var, or a programmatic override. */
export type Origin = { kind: "config.toml"; file: string } | { kind: "env"; variable: string } | { kind: "override" };

export function originLabel(origin: Origin): string {
  if (origin.kind === "config.toml") return origin.file;
  if (origin.kind === "env") return `environment variable ${origin.variable}`;
  return "config override";
}

export function describeSpec(spec: KeySpec): string {
  switch (spec.type) {
    case "int":
      if (spec.min !== undefined && spec.max !== undefined) return `an integer from ${spec.min} to ${spec.max}`;
      return "an integer";
    case "bool":
      return "true or false";
    case "string":
      return "a non-empty string";
    case "string?":
      return "a string";
    case "enum":
      return `one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
    case "string[]":
      return 'an array of strings, e.g. ["cli", "vscode"]';
    case "table<string>":
      return 'a table of string values, e.g. { "X-Team" = "infra" }';
  }
}

export function describeFound(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number") return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (value instanceof Date) return `a date (${value.toISOString()})`;
  if (value !== null && typeof value === "object") return "a table";
  return String(value);
}

export function typeError(origin: Origin, keyPath: string, spec: KeySpec, value: unknown): EngramError {
  const leaf = keyPath.split(".").at(-1)!;
  const table = keyPath.split(".").slice(0, -1).join(".");
  const where = origin.kind === "config.toml" ? ` (${leaf} = … under [${table || "top level"}])` : "";
  return new EngramError(
    "config_invalid",
    `${originLabel(origin)}: ${keyPath} must be ${describeSpec(spec)}, found ${describeFound(value)}`,
    { hint: `set ${keyPath} to ${describeSpec(spec)}${where}; see docs/configuration.md` },
  );
}

export function unknownKeyError(origin: Origin, keyPath: string, known: readonly string[]): EngramError {
  const parts = keyPath.split(".");
  const leaf = parts.at(-1)!;
  const table = parts.slice(0, -1).join(".");
  const guess = closest(leaf, known);
  const allowed = `known keys${table ? ` in [${table}]` : " at the top level"}: ${known.join(", ")}`;
  return new EngramError("config_invalid", `${originLabel(origin)}: unknown key ${keyPath}`, {
    hint: guess ? `did you mean ${table ? `${table}.` : ""}${guess}? (${allowed})` : allowed,
  });
}

export interface Checked<T> {
  value: T;
  /** Set when the value was pulled into range, e.g. "clamped from 500". */
  note?: string;
}

/** Parses an env var's text into the spec's type, then checks it like a TOML value. */
export function fromEnvText(text: string, spec: KeySpec): unknown {
  if (spec.type === "int" && /^-?\d+$/.test(text.trim())) return Number(text.trim());
  if (spec.type === "bool" && /^(true|false)$/i.test(text.trim())) return text.trim().toLowerCase() === "true";
  if (spec.type === "string[]") return text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  return text;
}

export function checkValue(origin: Origin, keyPath: string, spec: KeySpec, value: unknown): Checked<unknown> {
  switch (spec.type) {
    case "int": {
      if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(origin, keyPath, spec, value);
      const lo = spec.min ?? -Infinity;
      const hi = spec.max ?? Infinity;
      if (value >= lo && value <= hi) return { value };
      if (spec.clamp) return { value: Math.min(hi, Math.max(lo, value)), note: `clamped from ${value}` };
      throw typeError(origin, keyPath, spec, value);
    }
    case "bool":
      if (typeof value !== "boolean") throw typeError(origin, keyPath, spec, value);
      return { value };
    case "string":
    case "string?":
      if (typeof value !== "string" || (spec.type === "string" && value.trim() === "")) {
        throw typeError(origin, keyPath, spec, value);
      }
      return { value };
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) throw typeError(origin, keyPath, spec, value);
      return { value };
    case "string[]":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0)) {
        throw typeError(origin, keyPath, spec, value);
      }
      return { value: [...value] };
    case "table<string>": {
      if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Date) {
        throw typeError(origin, keyPath, spec, value);
      }
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") throw typeError(origin, `${keyPath}.${k}`, { type: "string" }, v);
        out[k] = v;
      }
      return { value: out };
    }
  }
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
}

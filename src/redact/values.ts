/**
 * Pure predicates over candidate secret values: is this a placeholder, a code expression, a path, a
 * well-known non-secret id (UUID, git SHA), and how random does it look (Shannon entropy)?
 */
import { REDACTED } from "./constants.js";

/** Shannon entropy of `value` in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const PLACEHOLDER_START = /^(?:[$<{[]|%[sd(])/;
const PLACEHOLDER_ANYWHERE = /\$\{|\{\{|%\(|<[A-Za-z_-]+>|your[_-]?|_here\b|placeholder|redacted|changeme|^x{4,}|^\*+$|^\.+$|^-+$|\.\.\.|…/i;

/** `<your-password>`, `${TOKEN}`, `{{ secrets.X }}`, `xxxx`, `****`, our own marker: not a real value. */
export function isPlaceholder(value: string): boolean {
  return value.includes(REDACTED) || PLACEHOLDER_START.test(value) || PLACEHOLDER_ANYWHERE.test(value);
}

const CODE_WORDS = new Set([
  "null", "nil", "none", "undefined", "true", "false", "string", "str", "bytes", "number", "int", "bool",
  "boolean", "any", "unknown", "object", "optional", "required", "secret", "password", "token", "env",
  "self", "this", "void", "never", "function", "lambda", "default", "missing", "empty", "hidden", "masked",
  "sensitive", "secretstr", "text", "varchar", "buffer", "uint8array",
]);
/** `null`, `undefined`, `string`, `password`…: type names and literals that code assigns to secret names. */
export function isCodeWord(value: string): boolean {
  return CODE_WORDS.has(value.toLowerCase());
}
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/;
const PURE_LETTERS = /^[A-Za-z_$]+$/;

/**
 * An unquoted value that reads as code rather than data: `getToken()`, `config.apiKey`, `confirmPassword`,
 * `API_TOKEN`, `password_hash`, `string`. All-lowercase single words (`mysecretpassword`) are NOT code.
 */
export function looksLikeCode(value: string): boolean {
  if (isCodeWord(value)) return true;
  if (value.includes("(") || value.includes("[") || DOTTED_IDENTIFIER.test(value)) return true;
  if (PURE_LETTERS.test(value)) return /[A-Z]/.test(value) || value.includes("_") || value.includes("$");
  return looksLikeWordyIdentifier(value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const IDENTIFIER_WORD = /^(?:[A-Z]?[a-z]{2,}\d*|[A-Z]{2,}\d*|[a-z]?\d+[a-z]*)$/;
/**
 * An identifier made entirely of words (`JsonSchema7RecordType`, `k8sServiceAccountTokenProvider`,
 * `API_V2_KEY`): code. Random keys almost never split into words only (`Zx8qL2mN9p` → `Zx8q`, `L2m`…).
 */
export function looksLikeWordyIdentifier(value: string): boolean {
  if (!IDENTIFIER.test(value)) return false;
  const words = value.split(/_+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w.length > 0);
  return words.length >= 2 && words.every((w) => IDENTIFIER_WORD.test(w));
}

/** True for a bare identifier: callers use it with the next character to spot `x = y ? a : b` code. */
export function isIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

/** A quoted value that names an env var or config key instead of holding the secret: `"GITHUB_TOKEN"`. */
export function looksLikeReference(value: string): boolean {
  return /^[A-Z][A-Z]*(?:_[A-Z0-9]+)+$/.test(value);
}

const PATH_START = /^(?:\.{1,2}\/|~\/|\/|[A-Za-z]:\\)/;
const PATH_WITH_EXTENSION = /^[\w.@-]+(?:\/[\w.@-]+)+\.[A-Za-z]{1,6}$/;
/** File paths (`/home/me/x`, `./a/b.ts`, `src/x/y.tsx`) and URLs are content, not secrets. */
export function looksLikePathOrUrl(value: string): boolean {
  return PATH_START.test(value) || PATH_WITH_EXTENSION.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** 40/64 lowercase hex: a git commit or tree SHA (or a hex digest). */
export function looksLikeGitSha(value: string): boolean {
  return GIT_SHA.test(value);
}
/** UUIDs, `sha256:…`/`sha512-…` digests, semver: identifiers, never secrets (git SHAs: see looksLikeGitSha). */
export function looksLikeKnownId(value: string): boolean {
  return (
    UUID.test(value) ||
    /^sha(?:1|256|384|512)[:-]/i.test(value) ||
    /^v?\d+\.\d+\.\d+(?:[-+][\w.-]*)?$/.test(value)
  );
}

/**
 * A value random enough to be a key when the name only hints at a secret: at least `minChars` long, a
 * digit and a letter, entropy ≥ `minBits` per char, and not a known id, path, URL or code expression.
 */
export function looksHighEntropy(value: string, minChars: number, minBits: number): boolean {
  if (value.length < minChars) return false;
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (looksLikeKnownId(value) || looksLikePathOrUrl(value) || looksLikeCode(value)) return false;
  return shannonEntropy(value) >= minBits;
}

/**
 * The assignment scanner: finds names that mention a secret (`DB_PASSWORD`, `apiKey`, `--token`,
 * `"client_secret"`, `MY_SERVICE_KEY`) followed by `=`, `:`, `:=`, `=>` (or a space after a `--flag`) and
 * a value, and decides whether the value is a secret. Hand-written instead of one big regex so that each
 * name costs a bounded, backtracking-free amount of work.
 */
import {
  ASSIGNMENT_VALUE_MAX_CHARS, ENTROPY_MIN_BITS_PER_CHAR, ENTROPY_MIN_VALUE_CHARS, PASSWORD_MIN_VALUE_CHARS,
  SECRET_MIN_VALUE_CHARS,
} from "./constants.js";
import type { SecretFinding, SecretRule } from "./types.js";
import { isCodeWord, isIdentifier, isPlaceholder, looksHighEntropy, looksLikeCode, looksLikeGitSha, looksLikePathOrUrl, looksLikeReference } from "./values.js";

/** Words that make a name secret-ish; each hit is expanded to the whole name around it. */
const NAME_HINT = /key|secret|token|pass|pwd|credential|auth|private|signature/gi;
/** Suffixes of a normalised name (`pgpassword`, `db_pass`, `mytoken`) that declare the value a secret. */
const PASSWORD_NAME = /(?:password|passwd|passphrase|(?:^|_)pwd|.+_pass)$/; // bare "pass" is prose ("one pass: …")
const SECRET_NAME = /(?:secret|token|apikey|(?:^|_)(?:api_key|secret_key|access_key|private_key|credentials?))$/;

/** Name words that make even a hex value a secret (unlike `key`/`auth`, which also name cache keys, authors…). */
const STRONG_HINT = /secret|signature|token|pass|pwd|credential|private/;

export const PASSWORD_ASSIGNMENT = "password-assignment";
export const SECRET_ASSIGNMENT = "secret-assignment";
export const HIGH_ENTROPY_ASSIGNMENT = "high-entropy-assignment";

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}
function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === "`";
}
function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t";
}
/** After an unquoted identifier value, these mean an expression, not data: `apiKey = provider ? null : x`. */
const CODE_OPERATORS = new Set(["?", "|", "&", "+", "*", "/", "%"]); // only after a space: `?a=b&c=d` is a query string
const UNQUOTED_END = new Set([" ", "\t", "\n", "\r", '"', "'", "`", "\\", ",", ";", ")", "}", "]", "&", "<", ">", "|"]);

/** `dbPassword` / `DB-PASSWORD` / `--db.password` → `db_password`. */
export function normaliseName(name: string): string {
  return name.replace(/^[-.]+/, "").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[-.]/g, "_");
}

/** The rule id that applies when `value` is assigned to `name`, or null when the value is not a secret. */
export function classifyAssignment(name: string, value: string, quoted: boolean): string | null {
  if (value.length === 0 || isPlaceholder(value) || looksLikePathOrUrl(value)) return null;
  if (quoted ? /\s/.test(value) || looksLikeReference(value) || isCodeWord(value) : looksLikeCode(value)) return null;
  const normal = normaliseName(name);
  // A name that declares its value a secret: any literal of the minimum length is one (hex and UUIDs too).
  if (PASSWORD_NAME.test(normal)) return value.length >= PASSWORD_MIN_VALUE_CHARS ? PASSWORD_ASSIGNMENT : null;
  if (SECRET_NAME.test(normal)) return value.length >= SECRET_MIN_VALUE_CHARS ? SECRET_ASSIGNMENT : null;
  // `cache_key: <git sha>` is content; `webhook_signature: <64 hex>` is not.
  if (looksLikeGitSha(value) && !STRONG_HINT.test(normal)) return null;
  return looksHighEntropy(value, ENTROPY_MIN_VALUE_CHARS, ENTROPY_MIN_BITS_PER_CHAR) ? HIGH_ENTROPY_ASSIGNMENT : null;
}

/** Index just after the separator that follows a name ending at `end`, or -1 when no assignment follows. */
function skipSeparator(text: string, end: number, isFlag: boolean): number {
  let p = end;
  if (text[p] === "\\" && isQuote(text[p + 1])) p += 2;
  else if (isQuote(text[p])) p++;
  if (text[p] === "]") p++;
  const afterName = p;
  while (isSpace(text[p])) p++;
  const c = text[p];
  if (c === ":") {
    if (text[p + 1] === ":" || text[p + 1] === "/") return -1; // Rust paths, URL schemes
    return text[p + 1] === "=" ? p + 2 : p + 1;
  }
  if (c === "=") {
    if (text[p + 1] === "=") return -1; // comparison
    return text[p + 1] === ">" ? p + 2 : p + 1;
  }
  if (isFlag && p > afterName && c !== undefined && c !== "\n" && c !== "-") return p;
  return -1;
}

/** Finds secret values assigned to secret-looking names. */
function findAssignments(text: string, out: SecretFinding[]): void {
  const hint = NAME_HINT; // compiled once; find() is synchronous, so resetting lastIndex is enough
  hint.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = hint.exec(text)) !== null) {
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    hint.lastIndex = end;
    if (start >= 2 && text[start - 1] === "/" && text[start - 2] === "/") continue; // URL userinfo: url-password's job
    const name = text.slice(start, end);
    let p = skipSeparator(text, end, name.startsWith("--"));
    if (p < 0) continue;
    while (isSpace(text[p])) p++;
    let quote: string | undefined;
    if (text[p] === "\\" && isQuote(text[p + 1])) { quote = text[p + 1]; p += 2; }
    else if (isQuote(text[p])) { quote = text[p]; p++; }
    const valueStart = p;
    const limit = Math.min(text.length, valueStart + ASSIGNMENT_VALUE_MAX_CHARS);
    if (quote !== undefined) {
      while (p < limit && text[p] !== quote && text[p] !== "\\" && text[p] !== "\n") p++;
      if (text[p] !== quote && !(text[p] === "\\" && text[p + 1] === quote)) continue; // unterminated
    } else {
      while (p < limit && !UNQUOTED_END.has(text[p] as string)) p++;
      let next = p;
      while (isSpace(text[next])) next++;
      if (next > p && CODE_OPERATORS.has(text[next] as string) && isIdentifier(text.slice(valueStart, p))) continue; // `key = a ? b : c`
    }
    const ruleId = classifyAssignment(name, text.slice(valueStart, p), quote !== undefined);
    if (ruleId !== null) out.push({ ruleId, start: valueStart, end: p });
    if (p > hint.lastIndex) hint.lastIndex = p;
  }
}

export const ASSIGNMENT_RULE: SecretRule = {
  id: "assignment",
  description:
    "values assigned to secret names: password/passwd/pwd/pass (≥6 chars), secret/token/api_key/client_secret/" +
    "access_token/auth_token/private_key… (≥8 chars), any other name containing key/secret/token/pass/pwd/" +
    "credential/auth/private/signature when the value is high-entropy; env, shell, YAML, JSON, TOML, code, --flags",
  requires: [], // its own name-hint scan is the pre-check
  find: findAssignments,
};

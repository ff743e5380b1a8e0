/**
 * Secret redaction (pure). `redactSecrets(text)` replaces every credential value with `[REDACTED_SECRET]`
 * and keeps the syntax around it (key names, `=`, quotes, `Bearer `, URL user and host). Idempotent.
 * The rule table is `SECRET_RULES` (see README.md); overlapping findings merge into one replacement.
 */
import { ASSIGNMENT_RULE, classifyAssignment } from "./assignments.js";
import { REDACTED } from "./constants.js";
import { CONTEXT_RULES } from "./contextRules.js";
import { compilePrecheck } from "./precheck.js";
import type { SecretFinding, SecretRule } from "./types.js";
import { VENDOR_RULES } from "./vendorRules.js";

export { REDACTED } from "./constants.js";
export type { SecretFinding, SecretRule } from "./types.js";

/** Every rule, in priority order: when findings overlap, the earlier rule's id is reported. */
export const SECRET_RULES: readonly SecretRule[] = [CONTEXT_RULES[0] as SecretRule, ...VENDOR_RULES, ...CONTEXT_RULES.slice(1), ASSIGNMENT_RULE];

const RULE_PRIORITY = new Map(SECRET_RULES.map((rule, i) => [rule.id, i]));
function priorityOf(finding: SecretFinding): number {
  return RULE_PRIORITY.get(finding.ruleId) ?? RULE_PRIORITY.get(ASSIGNMENT_RULE.id) ?? SECRET_RULES.length;
}

const PRECHECK = compilePrecheck(SECRET_RULES);

/** Non-overlapping secret spans in `text`, sorted by start. Overlapping findings are merged. */
export function findSecrets(text: string): SecretFinding[] {
  if (text.length === 0) return [];
  const raw: SecretFinding[] = [];
  for (const index of PRECHECK.applicable(text)) (SECRET_RULES[index] as SecretRule).find(text, raw);
  if (raw.length === 0) return raw;
  raw.sort((a, b) => a.start - b.start || priorityOf(a) - priorityOf(b));
  const merged: SecretFinding[] = [];
  for (const f of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && f.start < last.end) {
      if (f.end > last.end) last.end = f.end;
      if (priorityOf(f) < priorityOf(last)) last.ruleId = f.ruleId;
    } else {
      merged.push({ ...f });
    }
  }
  return merged;
}

/** `text` with every secret value replaced by `[REDACTED_SECRET]`. */
export function redactSecrets(text: string): string {
  const findings = findSecrets(text);
  if (findings.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const f of findings) {
    parts.push(text.slice(at, f.start), REDACTED);
    at = f.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/**
 * A copy of a JSON-like value with every string redacted. A string under a secret-named key
 * (`{"password": "hunter22"}`) is replaced whole when it looks like a secret value on its own.
 */
export function redactJsonValue<T>(value: T): T {
  return redactUnder(undefined, value) as T;
}

function redactUnder(key: string | undefined, value: unknown): unknown {
  if (typeof value === "string") {
    if (key !== undefined && classifyAssignment(key, value, true) !== null) return REDACTED;
    return redactSecrets(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactUnder(key, item));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactUnder(k, v);
    return out;
  }
  return value;
}

/**
 * Builds a SecretRule from a regex. Convention: the optional named group `keep` is kept syntax in front of
 * the value (`Bearer `, `AccountKey=`, `postgres://app:`); the rest of the match is the secret value.
 */
import { REDACTED } from "./constants.js";
import type { SecretFinding, SecretRule } from "./types.js";

export interface RegexRuleSpec {
  id: string;
  description: string;
  requires: readonly string[];
  lowercase?: boolean;
  pattern: RegExp;
  /** Extra check on the value (e.g. must contain a digit); the value is skipped when it returns false. */
  accept?: (value: string) => boolean;
}

/** Token-boundary lookbehind for prefixed keys: not inside a longer word or base64 run. */
export const LEFT_EDGE = String.raw`(?<![A-Za-z0-9+/_-])`;
/**
 * Left edge for vendor keys with a distinctive prefix (`sk-`, `ghp_`, `xoxb-`, …): like LEFT_EDGE but a
 * key may follow `-` or `_`, as in a slug or file name built around it (`deploy-sk-proj-…`,
 * `backup_ghp_…`). Such a prefix plus its long random body is a key wherever it stands.
 */
export const PREFIX_LEFT_EDGE = String.raw`(?<![A-Za-z0-9+/])`;

export function regexRule(spec: RegexRuleSpec): SecretRule {
  if (!spec.pattern.global) throw new Error(`secret rule ${spec.id}: pattern must have the g flag`);
  const { id, accept } = spec;
  return {
    id,
    description: spec.description,
    requires: spec.requires,
    lowercase: spec.lowercase,
    find(text: string, out: SecretFinding[]): void {
      // One compiled regex per rule, reused: find() is synchronous, so resetting lastIndex is enough.
      const pattern = spec.pattern;
      pattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = pattern.exec(text)) !== null) {
        if (m[0].length === 0) { pattern.lastIndex++; continue; }
        const start = m.index + (m.groups?.keep?.length ?? 0);
        const end = m.index + m[0].length;
        if (end <= start) continue;
        const value = text.slice(start, end);
        if (value.includes(REDACTED) || (accept !== undefined && !accept(value))) continue;
        out.push({ ruleId: id, start, end });
      }
    },
  };
}

export const hasDigitAndLetter = (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v);

/**
 * The cheap pre-check: one left-to-right scan that finds which rules' required literals occur, so rules
 * whose literals are absent never run. The scan regex drops each literal once seen, so frequent literals
 * (`sk-` in "task-", `gh`) do not slow the rest of the scan down.
 */
import type { SecretRule } from "./types.js";

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
function caseInsensitiveLiteral(literal: string): string {
  return Array.from(literal, (ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeLiteral(ch))).join("");
}

export interface Precheck {
  /** Indices (into the rules array) of rules that should run on `text`. */
  applicable(text: string): number[];
}

export function compilePrecheck(rules: readonly SecretRule[]): Precheck {
  const always: number[] = [];
  const rulesByLiteral = new Map<string, number[]>(); // key: literal, lowercased when case-insensitive
  const patternByLiteral = new Map<string, string>();
  rules.forEach((rule, index) => {
    if (rule.requires.length === 0) always.push(index);
    for (const literal of rule.requires) {
      const key = rule.lowercase === true ? literal.toLowerCase() : literal;
      const list = rulesByLiteral.get(key) ?? [];
      list.push(index);
      rulesByLiteral.set(key, list);
      patternByLiteral.set(key, rule.lowercase === true ? caseInsensitiveLiteral(literal) : escapeLiteral(literal));
    }
  });
  const literalKeys = [...rulesByLiteral.keys()];
  return {
    applicable(text: string): number[] {
      const selected = new Set<number>(always);
      let pending = literalKeys;
      let at = 0;
      while (pending.length > 0) {
        // Capture groups tell which literal matched; rebuilt (at most once per literal) as literals are found.
        const scan = new RegExp(pending.map((key) => `(${patternByLiteral.get(key) as string})`).join("|"), "g");
        scan.lastIndex = at;
        const m = scan.exec(text);
        if (m === null) break;
        const hit = m.findIndex((group, i) => i > 0 && group !== undefined) - 1;
        const key = pending[hit] as string;
        for (const index of rulesByLiteral.get(key) ?? []) selected.add(index);
        // A literal is moot once every rule that requires it is selected.
        pending = pending.filter((k) => (rulesByLiteral.get(k) ?? []).some((i) => !selected.has(i)));
        at = m.index; // rescan from this match: another literal may start here too
      }
      return [...selected].sort((a, b) => a - b);
    },
  };
}

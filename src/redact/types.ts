/** A secret found in a text: `text.slice(start, end)` is the value to replace; `ruleId` names the rule. */
export interface SecretFinding {
  ruleId: string;
  start: number;
  end: number;
}

/** One named detection rule. `find` appends the value spans it sees; it never edits the text. */
export interface SecretRule {
  id: string;
  description: string;
  /** Cheap pre-check: the rule runs only if one of these literals occurs (any case if `lowercase`); [] = always runs. */
  requires: readonly string[];
  lowercase?: boolean;
  find(text: string, out: SecretFinding[]): void;
}

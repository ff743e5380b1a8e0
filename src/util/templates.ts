/**
 * Markdown prompt templates with `{{ name }}` placeholders, shared by phase 1 and phase 2.
 *
 * Templates sit in a `prompts/` folder next to the module that uses them, in src/ (tsx) and in dist/
 * (scripts/copy-assets.mjs copies every `prompts/*.md`). Each is read once, at the caller's module
 * load, and must use exactly its declared placeholders: a missing or unknown one fails loudly then,
 * not in the middle of a run. Rendering is one pass, so a value that itself contains `{{ … }}` is
 * inserted as is and never expanded.
 */
import { readFileSync } from "node:fs";

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

/** Checks that `template` uses exactly `required` placeholders; returns the problems found. Pure. */
export function templateProblems(template: string, required: readonly string[]): string[] {
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const problems = required.filter((r) => !used.has(r)).map((r) => `missing placeholder {{ ${r} }}`);
  for (const u of used) if (!required.includes(u)) problems.push(`unknown placeholder {{ ${u} }}`);
  return problems;
}

/** Fills `{{ name }}` placeholders in one pass; a placeholder without a value is an error. Pure. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{ ${name} }} has no value`);
    return value;
  });
}

/**
 * Reads every template of `spec` (file name → its placeholders) from `prompts/` beside `moduleUrl`
 * (pass `import.meta.url`) and checks its placeholders. `label` names the owner in errors
 * ("phase-1"). Throws on an unreadable file or a placeholder mismatch: a build or packaging bug.
 */
export function loadTemplates<Name extends string>(
  moduleUrl: string | URL,
  label: string,
  spec: Readonly<Record<Name, readonly string[]>>,
): Record<Name, string> {
  const out = {} as Record<Name, string>;
  for (const name of Object.keys(spec) as Name[]) {
    const url = new URL(`./prompts/${name}`, moduleUrl);
    let text: string;
    try {
      text = readFileSync(url, "utf8");
    } catch (err) {
      throw new Error(`${label} prompt template ${url.pathname} cannot be read (was the build's copy-assets step run?)`, { cause: err });
    }
    const problems = templateProblems(text, spec[name]);
    if (problems.length > 0) throw new Error(`${label} prompt template ${url.pathname}: ${problems.join("; ")}`);
    out[name] = text;
  }
  return out;
}

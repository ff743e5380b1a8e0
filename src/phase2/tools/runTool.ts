/**
 * `runTool`: the dispatcher the agent loop calls for every function call. It never throws: refusals,
 * bad arguments and file-system errors come back as `{ok: false, error}` text the model can read.
 */
import { EngramError } from "../../errors.js";
import { TOOL_DEFINITIONS, validateArgs } from "./definitions.js";
import { listPath, readLines, searchFiles } from "./readTools.js";
import { ToolError, ToolSession } from "./session.js";
import { applyPatchToFile, deletePath, editFile, movePath, writeFile } from "./writeTools.js";

export type ToolResult = { ok: true; output: string } | { ok: false; error: string };

/** Arguments already checked against the tool's schema by `validateArgs`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any;

const HANDLERS: Record<string, (s: ToolSession, a: Args) => string> = {
  list(s, a) {
    const r = listPath(s, a);
    if (r.entries.length === 0) return `${r.path || "."}: (empty or missing)`;
    const lines = r.entries.map((e) => (e.type === "directory" ? `${e.path}/` : `${e.path} (${e.bytes} bytes)`));
    return lines.join("\n") + (r.truncated ? `\n[truncated: more entries not shown; list a subfolder]` : "");
  },
  read(s, a) {
    const r = readLines(s, a);
    const range = r.totalLines === 0 ? "empty file" : `lines ${r.startLine}-${r.endLine} of ${r.totalLines}`;
    const more = r.truncated ? `\n[truncated: continue with startLine ${r.endLine + 1}]` : "";
    return `${r.path} (${range})\n${r.content}${more}`;
  },
  search(s, a) {
    const r = searchFiles(s, a);
    if (r.matches.length === 0) return "no matches";
    return r.matches.map((m) => `${m.path}:${m.line}:${m.content}`).join("\n") + (r.truncated ? "\n[truncated: narrow the path or query]" : "");
  },
  write: (s, a) => writeFile(s, a),
  edit: (s, a) => editFile(s, a),
  apply_patch: (s, a) => applyPatchToFile(s, a),
  delete: (s, a) => deletePath(s, a),
  move: (s, a) => movePath(s, a),
};

export function runTool(sessionOrRoot: ToolSession | string, name: string, argsJson: string): ToolResult {
  try {
    const session = typeof sessionOrRoot === "string" ? new ToolSession(sessionOrRoot) : sessionOrRoot;
    const definition = TOOL_DEFINITIONS.find((d) => d.name === name);
    const handler = HANDLERS[name];
    if (!definition || !handler) return { ok: false, error: `unknown tool "${name}" (tools: ${TOOL_DEFINITIONS.map((d) => d.name).join(", ")})` };
    let args: unknown;
    try {
      args = argsJson.trim() === "" ? {} : JSON.parse(argsJson);
    } catch (e) {
      return { ok: false, error: `${name}: arguments are not valid JSON (${(e as Error).message})` };
    }
    const invalid = validateArgs(definition, args);
    if (invalid) return { ok: false, error: invalid };
    return { ok: true, output: handler(session, args as Args) };
  } catch (e) {
    if (e instanceof ToolError || e instanceof EngramError) return { ok: false, error: e.message };
    const err = e as NodeJS.ErrnoException;
    return { ok: false, error: `${name} failed: ${err.code ?? "error"}: ${err.message ?? String(e)}` };
  }
}

/**
 * Renders a Codex rollout as a compact, readable transcript for the stage-1 model (pure).
 *
 * Format — one block per kept item, blocks separated by a blank line:
 *
 *   [user] <the user's message, verbatim>
 *   [assistant] <assistant message text>
 *   [tool exec_command] $ node test/sum.test.js
 *   exit 1
 *   ```
 *   <head of output> … [N lines cut; K error lines from them kept below] … <error lines> <tail>
 *   ```
 *   [tool apply_patch]
 *   ```
 *   *** Begin Patch …
 *   ```
 *   [context] cwd /repo · model gpt-5.5          (first turn, and whenever cwd or model changes)
 *   [compacted summary] <text of a compaction summary>
 *
 * A tool's output is attached to its call (matched by call id); an output with no call becomes its own
 * `[tool output]` block. Exit codes come from "Process exited with code N" / "Exit code: N" or the JSON
 * `metadata.exit_code` wrapper.
 *
 * Kept: user messages from `response_item` (the `event_msg` copies of the same prompt are ignored, so
 * a prompt appears once) minus harness fragments; assistant messages; tool calls with their input and
 * outputs; web searches; compaction summaries. Dropped: developer/system messages, session_meta (base
 * instructions), harness fragments, reasoning, event_msg, world_state, token usage, ids and every other
 * bookkeeping field.
 *
 * Size: every text taken from the rollout is cut by characters (capChars.ts) before it is tokenised:
 * an item to `charBoundForTokens(maxItemTokens)` (the chunk budget: no item may exceed it anyway), a
 * tool input to `charBoundForTokens(TOOL_INPUT_MAX_TOKENS)`. A 150 MB message costs its bound, not 150 MB.
 */
import type { RolloutLine } from "../rollout/types.js";
import { isHarnessFragment } from "../rollout/fragments.js";
import { countTokens, truncateMiddle } from "../model/tokens.js";
import { capChars, charBoundForTokens } from "./capChars.js";
import { DEFAULT_ROLLOUT_TOKEN_LIMIT, TOOL_INPUT_MAX_TOKENS } from "./constants.js";
import { compactOutput, parseToolOutput } from "./toolOutput.js";

export type RenderedKind = "user" | "assistant" | "tool" | "context" | "compacted";

export interface RenderedItem {
  kind: RenderedKind;
  text: string;
  /** o200k token count of `text`, so chunking never re-tokenises. */
  tokens: number;
}

/** Separator between blocks in the rendered text. */
export const ITEM_SEPARATOR = "\n\n";

type Payload = Record<string, unknown>;

interface Draft {
  kind: RenderedKind;
  head: string;
  outputs: string[];
}

/** `maxItemTokens`: the most tokens one item may keep (the chunk budget); its text is cut to
 *  `charBoundForTokens(maxItemTokens)` characters before it is tokenised. */
export function renderTranscript(lines: readonly RolloutLine[], maxItemTokens = DEFAULT_ROLLOUT_TOKEN_LIMIT): RenderedItem[] {
  const maxChars = charBoundForTokens(maxItemTokens);
  const drafts: Draft[] = [];
  const callsById = new Map<string, Draft>();
  let lastContext = "";

  for (const line of lines) {
    const p = (line.payload ?? {}) as Payload;
    if (line.type === "turn_context") {
      const parts = [str(p.cwd) && `cwd ${str(p.cwd)}`, str(p.model) && `model ${str(p.model)}`].filter(Boolean);
      const note = parts.join(" · ");
      if (note && note !== lastContext) drafts.push({ kind: "context", head: `[context] ${note}`, outputs: [] });
      if (note) lastContext = note;
      continue;
    }
    if (line.type === "compacted") {
      const msg = capChars(str(p.message), maxChars).trim();
      if (msg) drafts.push({ kind: "compacted", head: `[compacted summary] ${msg}`, outputs: [] });
      continue;
    }
    if (line.type !== "response_item") continue;

    const draft = renderResponseItem(p, maxChars);
    if (draft === "output") {
      const call = callsById.get(str(p.call_id));
      const block = renderOutputBlock(p.output, maxChars);
      if (call) call.outputs.push(block);
      else drafts.push({ kind: "tool", head: "[tool output]", outputs: [block] });
      continue;
    }
    if (!draft) continue;
    drafts.push(draft);
    const callId = str(p.call_id);
    if (draft.kind === "tool" && callId) callsById.set(callId, draft);
  }

  return drafts.map((d) => {
    // Every piece is already within maxChars; this bounds an item made of many pieces (a call with many
    // outputs) while leaving a single piece, and its honest cut marker, alone.
    const text = capChars([d.head, ...d.outputs.filter((o) => o.length > 0)].join("\n"), 2 * maxChars);
    return { kind: d.kind, text, tokens: countTokens(text) };
  });
}

export function renderTranscriptText(lines: readonly RolloutLine[]): string {
  return joinItems(renderTranscript(lines));
}

export function joinItems(items: readonly RenderedItem[]): string {
  return items.map((i) => i.text).join(ITEM_SEPARATOR);
}

function renderResponseItem(p: Payload, maxChars: number): Draft | "output" | null {
  switch (p.type) {
    case "message":
      return renderMessage(p, maxChars);
    case "agent_message": {
      const text = messageText(p.content ?? p.message ?? p.text, false, maxChars);
      return text ? { kind: "assistant", head: `[assistant] ${text}`, outputs: [] } : null;
    }
    case "function_call":
      return tool(str(p.name) || "function", renderFunctionArgs(str(p.name), p.arguments, maxChars));
    case "custom_tool_call":
      return tool(str(p.name) || "custom_tool", fence(capToolInput(str(p.input))));
    case "local_shell_call": {
      const action = (p.action ?? {}) as { command?: unknown; working_directory?: unknown };
      const cwd = str(action.working_directory);
      return tool("shell", `$ ${capChars(shellCommand(action.command), maxChars)}${cwd ? `   (in ${cwd})` : ""}`);
    }
    case "web_search_call":
      return tool("web_search", capChars(compactJson(p.action ?? {}), maxChars));
    case "tool_search_call":
      return tool("tool_search", capChars(compactJson(p.arguments ?? p.query ?? p.action ?? {}), maxChars));
    case "function_call_output":
    case "custom_tool_call_output":
    case "tool_search_output":
      return "output";
    default:
      return null; // reasoning, ghost snapshots, compaction blobs, unknown types
  }
}

function renderMessage(p: Payload, maxChars: number): Draft | null {
  const role = str(p.role);
  if (role === "user") {
    const text = messageText(p.content, true, maxChars);
    return text ? { kind: "user", head: `[user] ${text}`, outputs: [] } : null;
  }
  if (role === "assistant") {
    const text = messageText(p.content, false, maxChars);
    return text ? { kind: "assistant", head: `[assistant] ${text}`, outputs: [] } : null;
  }
  return null; // developer, system
}

/** Text of a message's content; for user messages, harness fragments are removed piece by piece. */
function messageText(content: unknown, dropHarness: boolean, maxChars: number): string {
  if (typeof content === "string") {
    const text = capChars(content, maxChars);
    return dropHarness && isHarnessFragment(text) ? "" : text.trim();
  }
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const c of content as { type?: string; text?: unknown }[]) {
    if (typeof c.text === "string") {
      const text = capChars(c.text, maxChars);
      if (dropHarness && isHarnessFragment(text)) continue;
      if (text.trim()) parts.push(text.trim());
    } else if (c.type === "input_image") {
      parts.push("[image]");
    }
  }
  return capChars(parts.join("\n"), maxChars);
}

function tool(name: string, body: string): Draft {
  const head = body.startsWith("```") ? `[tool ${name}]\n${body}` : `[tool ${name}] ${body}`;
  return { kind: "tool", head: head.trimEnd(), outputs: [] };
}

/** exec_command → its `cmd`; shell → argv joined; apply_patch → the patch; anything else → compact args. */
function renderFunctionArgs(name: string, rawArgs: unknown, maxChars: number): string {
  const args = parseArgs(rawArgs);
  if (args && typeof args === "object" && !Array.isArray(args)) {
    const a = args as Record<string, unknown>;
    const workdir = str(a.workdir) || str(a.working_directory);
    const where = workdir ? `   (in ${workdir})` : "";
    if (typeof a.cmd === "string") return `$ ${capChars(a.cmd, maxChars)}${where}`;
    if (Array.isArray(a.command) || (name.includes("shell") && typeof a.command === "string")) {
      return `$ ${capChars(shellCommand(a.command), maxChars)}${where}`;
    }
    if (typeof a.input === "string" && (name === "apply_patch" || a.input.includes("*** Begin Patch"))) {
      return fence(capToolInput(a.input));
    }
    if (typeof a.chars === "string" && Object.keys(a).every((k) => k === "chars" || k === "session_id")) {
      return `(stdin) ${JSON.stringify(capChars(a.chars, maxChars))}`;
    }
  }
  return capToolInput(typeof args === "string" ? args : compactJson(args));
}

/** A patch or other tool input: cut by characters first, then middle-truncated to TOOL_INPUT_MAX_TOKENS. */
function capToolInput(text: string): string {
  return truncateMiddle(capChars(text, charBoundForTokens(TOOL_INPUT_MAX_TOKENS)), TOOL_INPUT_MAX_TOKENS);
}

function parseArgs(raw: unknown): unknown {
  if (typeof raw !== "string") return raw ?? {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `["bash","-lc","npm test"]` → `npm test`; other argv → joined with spaces (quoted when needed). */
function shellCommand(command: unknown): string {
  if (typeof command === "string") return command;
  if (!Array.isArray(command)) return "";
  const argv = command.map(String);
  if (argv.length === 3 && /^(ba|z|)sh$/.test(argv[0]?.split("/").pop() ?? "") && /^-l?c$/.test(argv[1] ?? "")) {
    return argv[2] ?? "";
  }
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

function renderOutputBlock(output: unknown, maxChars: number): string {
  const { exitCode, body } = parseToolOutput(output, maxChars);
  const lines: string[] = [];
  if (exitCode !== null) lines.push(`exit ${exitCode}`);
  const compact = compactOutput(body);
  if (compact) lines.push(fence(compact));
  return lines.join("\n");
}

function fence(text: string): string {
  const ticks = text.includes("```") ? "````" : "```";
  return `${ticks}\n${text}\n${ticks}`;
}

function compactJson(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === "id" || key === "call_id" ? undefined : v)) ?? "";
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

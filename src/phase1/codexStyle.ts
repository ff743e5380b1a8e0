/**
 * The baseline: how Codex 0.169 renders a rollout for phase 1 — every kept response item
 * (codex-memories-spec §2.4 keep/drop lists) as its full JSON line under a label, ids and metadata
 * included. Used only by the benchmark to measure how much smaller engram's transcript is.
 */
import type { RolloutLine } from "../rollout/types.js";

/** Response item types Codex keeps for memories (§2.4); messages are filtered separately. */
const KEPT_TYPES = new Set([
  "agent_message",
  "local_shell_call",
  "function_call",
  "function_call_output",
  "tool_search_call",
  "tool_search_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "web_search_call",
]);

/** Codex drops only AGENTS.md and skill fragments from user messages; environment context stays. */
function isCodexExcludedFragment(text: string): boolean {
  const t = text.trim().toLowerCase();
  return (
    (t.startsWith("# agents.md instructions for ") && t.endsWith("</instructions>")) ||
    (t.startsWith("<skill>") && t.endsWith("</skill>"))
  );
}

export function renderCodexStyle(lines: readonly RolloutLine[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (line.type !== "response_item") continue;
    const item = line.payload as Record<string, unknown>;
    if (item.type === "message") {
      if (item.role === "developer") continue;
      let content = item.content;
      if (item.role === "user" && Array.isArray(content)) {
        content = content.filter((c: { text?: unknown }) => typeof c.text !== "string" || !isCodexExcludedFragment(c.text));
        if ((content as unknown[]).length === 0) continue;
      }
      const texts = Array.isArray(content) ? content.map((c: { text?: unknown }) => String(c.text ?? "")) : [];
      const harness = item.role === "user" && texts.length > 0 && texts.every((t) => t.trimStart().startsWith("<"));
      const label = item.role === "user" ? (harness ? "[harness context]" : "[human user]") : "[assistant final]";
      out.push(`${label}\n${JSON.stringify({ ...item, content })}`);
    } else if (KEPT_TYPES.has(String(item.type))) {
      out.push(`[tool]\n${JSON.stringify(item)}`);
    }
  }
  return out.join("\n");
}

/**
 * The demo's stand-in model: a scripted server on 127.0.0.1 speaking the real OpenAI Responses
 * protocol (test/support/modelServer.ts), so `npm run demo` runs the whole pipeline offline with no
 * API key. It is NOT a language model: it builds memories mechanically from what engram sends it.
 *
 * - Phase 1 (a request without tools): pulls the user's messages, the commands with their exit codes
 *   and the first error lines out of the transcript engram rendered, and returns them as stage-1 JSON.
 * - Phase 2 (a request with tools): reads the workspace diff and raw_memories.md through engram's
 *   file tools, writes MEMORY.md and memory_summary.md from them, and reports what it did.
 */
import { startModelServer, type ModelServer, type RecordedRequest, type Reply } from "../test/support/modelServer.js";

/** All text engram sent in a request (instructions excluded). */
function inputText(req: RecordedRequest): string {
  const input = req.body?.input;
  if (typeof input === "string") return input;
  return JSON.stringify(input ?? "");
}

function transcriptOf(req: RecordedRequest): string {
  const raw = (() => {
    const input = req.body?.input;
    if (!Array.isArray(input)) return String(input ?? "");
    return input
      .flatMap((m: { content?: unknown }) => (Array.isArray(m.content) ? m.content : [m.content]))
      .map((c: unknown) => (typeof c === "string" ? c : ((c as { text?: string })?.text ?? "")))
      .join("\n");
  })();
  const begin = raw.indexOf("===== TRANSCRIPT BEGINS =====");
  const end = raw.indexOf("===== TRANSCRIPT ENDS =====");
  return begin >= 0 && end > begin ? raw.slice(begin, end) : raw;
}

function extract(req: RecordedRequest): Reply {
  const t = transcriptOf(req);
  const cwd = /working directory: (\S+)/.exec(inputText(req).replace(/\\n/g, "\n"))?.[1] ?? "unknown";
  const users = [...t.matchAll(/^\[user\] (.+)$/gm)].map((m) => m[1]!.trim());
  const commands = [...t.matchAll(/^\[tool [^\]]+\] \$ (.+)\nexit (\d+)/gm)].map((m) => `\`${m[1]}\` exited ${m[2]}`);
  const errors = [...t.matchAll(/^.*(?:Error|error:|FAIL|failed).*$/gm)].map((m) => m[0].trim()).slice(0, 3);
  if (users.length === 0) return { kind: "json", value: { rollout_summary: "", rollout_slug: null, raw_memory: "" } };
  const task = users[0]!.slice(0, 120);
  const facts = [
    ...users.map((u) => `- user said: ${u}`),
    ...commands.map((c) => `- ran ${c}`),
    ...errors.map((e) => `- error seen: ${e}`),
  ];
  return {
    kind: "json",
    value: {
      rollout_summary: `# ${task}\n\nRollout context: ${cwd}\n\n## Task 1: ${task}\nOutcome: uncertain (demo model)\n${facts.join("\n")}\n`,
      rollout_slug: task.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40),
      raw_memory: `---\ndescription: ${task}\nkeywords: ${cwd.split("/").pop()}\n---\n### Task 1: ${task}\ntask_outcome: uncertain\n${facts.join("\n")}\n`,
    },
  };
}

/** The consolidation agent: read the diff and raw memories, then write both memory files. */
function consolidate(req: RecordedRequest): Reply {
  const items = Array.isArray(req.body?.input) ? (req.body.input as { type?: string; output?: unknown }[]) : [];
  const outputs = items.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
  if (outputs.length === 0) {
    return {
      kind: "tool_calls",
      calls: [
        { name: "read", arguments: { path: "phase2_workspace_diff.md" } },
        { name: "read", arguments: { path: "raw_memories.md" } },
      ],
    };
  }
  if (outputs.length === 2) {
    const raw = outputs[1]!;
    const sections = raw.split(/^## Thread /m).slice(1);
    const groups = sections.map((s) => {
      const cwd = /^cwd: (.+)$/m.exec(s)?.[1] ?? "unknown";
      const file = /^rollout_summary_file: (.+)$/m.exec(s)?.[1] ?? "";
      const thread = /^`([^`]+)`/.exec(s)?.[1] ?? "";
      const task = /^### Task 1: (.+)$/m.exec(s)?.[1] ?? "a session";
      const facts = s.split("\n").filter((l) => l.startsWith("- "));
      return { cwd, file, thread, task, facts };
    });
    const memory = groups
      .map(
        (g) =>
          `# Task group: ${g.task}\nscope: ${g.cwd}\napplies_to: cwd=${g.cwd}; reuse_rule=same project\n\n` +
          `## Task 1: ${g.task}, outcome: uncertain\n### rollout_summaries\n- rollout_summaries/${g.file} (thread_id=${g.thread}, cwd=${g.cwd})\n` +
          `### keywords\n${g.cwd.split("/").pop()}\n### learnings\n${g.facts.join("\n")}\n`,
      )
      .join("\n");
    const prefs = groups.flatMap((g) => g.facts.filter((f) => /prefer|always|keep answers/i.test(f)));
    const summary =
      `v1\n## User profile\nA developer working in ${groups.map((g) => g.cwd).join(", ")}.\n` +
      `## User preferences\n${prefs.length ? prefs.join("\n") : "- none recorded yet"}\n## General tips\n- none yet\n` +
      `## What's in memory\n${groups.map((g) => `### ${g.cwd}\n- ${g.task}: see MEMORY.md`).join("\n")}\n`;
    return {
      kind: "tool_calls",
      calls: [
        { name: "write", arguments: { path: "MEMORY.md", content: memory } },
        { name: "write", arguments: { path: "memory_summary.md", content: summary } },
      ],
    };
  }
  return { kind: "text", text: "Record the example sessions in memory (demo model)\n- wrote MEMORY.md and memory_summary.md from raw_memories.md" };
}

export function startDemoModel(): Promise<ModelServer> {
  return startModelServer((req) => (Array.isArray(req.body?.tools) && req.body.tools.length > 0 ? consolidate(req) : extract(req)));
}

/**
 * Synthetic Codex 0.169-style rollouts for benchmarks, shaped like test/fixtures/codex-0.169/:
 * session_meta with ~20 KB of base instructions, developer messages, environment-context user
 * fragments, world_state, turn_context, reasoning, exec_command calls whose outputs are long (test
 * runs with failures and stack traces, build logs, file dumps), apply_patch, item_completed events that
 * duplicate every output, token_count/token_usage_record bookkeeping, several turns.
 *
 * Each rollout comes with its facts: what a faithful rendering must keep.
 */
import type { RolloutLine } from "../src/rollout/types.js";
import { rng } from "./rng.js";

export interface RolloutFacts {
  userMessages: string[];
  /** Command + its exit code, in order. */
  commands: { cmd: string; exitCode: number }[];
  errorLines: string[];
}

export interface SyntheticRollout {
  lines: RolloutLine[];
  facts: RolloutFacts;
}


const WORDS = "config cache parser router worker queue schema migration session token client server index report"
  .split(" ");
const PROSE =
  "You are Codex, a coding agent. Follow the repository conventions, prefer small verifiable changes, run the tests before you answer, and explain what you changed. ";

export function syntheticRollout(seed: number, turns: number): SyntheticRollout {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = `0190${seed.toString(16).padStart(4, "0")}-aaaa-7bbb-8ccc-${String(seed).padStart(12, "0")}`;
  const cwd = `/home/dev/src/project-${seed}`;
  const facts: RolloutFacts = { userMessages: [], commands: [], errorLines: [] };
  const lines: RolloutLine[] = [];
  let ordinal = 0;
  let clock = Date.UTC(2026, 10, 23, 9, 0, 0);
  let totalTokens = 0;
  const push = (type: string, payload: unknown) => {
    clock += 40 + Math.floor(rand() * 900);
    lines.push({ timestamp: new Date(clock).toISOString(), ordinal: ordinal++, type, payload });
  };
  const turnId = (t: number) => `${id.slice(0, 9)}${String(t).padStart(4, "0")}-7611-8f2e-6c76924b55b1`;
  const meta = (t: number, seq: number) => ({
    internal_chat_message_metadata_passthrough: { turn_id: turnId(t), create_time: clock / 1000 },
    metadata: { history_sequence: seq, sampled_through_sequence: seq - 1, client_authored: false },
  });
  const usage = (t: number) => {
    totalTokens += 8_000 + Math.floor(rand() * 4_000);
    const u = { input_tokens: totalTokens - 300, cached_input_tokens: 0, output_tokens: 300, reasoning_output_tokens: 0, total_tokens: totalTokens };
    push("token_usage_record", { thread_id: id, turn_id: turnId(t), session_id: id, turn_token_usage: u, thread_token_usage: u });
    push("event_msg", { type: "token_count", info: { total_token_usage: u, last_token_usage: u, model_context_window: 258_400 }, rate_limits: { limit_id: "codex", primary: null, secondary: null } });
  };

  push("session_meta", {
    id, session_id: id, timestamp: new Date(clock).toISOString(), cwd, originator: "codex_vscode", cli_version: "0.169.0",
    source: "vscode", thread_source: "user", model_provider: "openai",
    base_instructions: { text: PROSE.repeat(120), provenance: { type: "model", model: "gpt-5.5" } },
    git: { commit_hash: "077dc576d3d313f76597c4ddff89a1139d9c4eb8", branch: "main" },
  });
  push("response_item", { type: "message", id: `msg_dev_${seed}`, role: "developer", content: [{ type: "input_text", text: `<permissions instructions>\n${"Sandbox: workspace-write. Network disabled. ".repeat(40)}\n</permissions instructions>` }, { type: "input_text", text: `<skills_instructions>\n${"- skill: a local instruction bundle stored in SKILL.md. ".repeat(50)}\n</skills_instructions>` }], ...meta(0, 1) });
  push("response_item", { type: "message", id: `msg_env_${seed}`, role: "user", content: [{ type: "input_text", text: `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n  <current_date>2026-11-23</current_date>\n  <filesystem>${`<entry access="read"><path>${cwd}/.git</path></entry>`.repeat(8)}</filesystem>\n</environment_context>` }], ...meta(0, 2) });
  push("world_state", { full: true, state: { agents_md: {}, collaboration_mode: { mode: "default", model: "gpt-5.5" }, skills: { includeInstructions: true }, tools: { multi_agent_v1: "Tools for spawning and managing sub-agents." } } });

  let seq = 3;
  for (let t = 0; t < turns; t++) {
    const area = pick(WORDS);
    push("event_msg", { type: "task_started", turn_id: turnId(t), started_at: Math.floor(clock / 1000), model_context_window: 258_400 });
    push("turn_context", { turn_id: turnId(t), cwd, approval_policy: "never", sandbox_policy: { type: "workspace-write", network_access: false, writable_roots: [cwd] }, model: "gpt-5.5", effort: "medium", summary: "auto" });
    const prompt = `Turn ${t}: the ${area} tests fail after the last refactor (seed ${seed}). Find the cause, fix it, and keep the public API unchanged.`;
    facts.userMessages.push(prompt);
    push("response_item", { type: "message", id: `msg_u_${t}`, role: "user", content: [{ type: "input_text", text: prompt }], ...meta(t, seq++) });
    push("event_msg", { type: "item_completed", thread_id: id, turn_id: turnId(t), item: { type: "UserMessage", id: `u_${t}`, content: [{ type: "text", text: prompt, text_elements: [] }] } });

    const steps = 3 + Math.floor(rand() * 3);
    for (let s = 0; s < steps; s++) {
      const thought = `Check how ${area} is wired before touching it; the failure may come from the ${pick(WORDS)} layer.`;
      push("event_msg", { type: "item_completed", thread_id: id, turn_id: turnId(t), item: { type: "Reasoning", id: `rs_${t}_${s}`, summary_text: [thought], raw_content: [] } });
      push("response_item", { type: "reasoning", id: `rs_${t}_${s}`, summary: [{ type: "summary_text", text: thought }], content: null, encrypted_content: "gAAAA" + "x".repeat(600), ...meta(t, seq++) });
      const say = `Step ${s}: inspecting the ${area} module.`;
      push("event_msg", { type: "item_completed", thread_id: id, turn_id: turnId(t), item: { type: "AgentMessage", id: `m_${t}_${s}`, content: [{ type: "Text", text: say }] } });
      push("response_item", { type: "message", status: "completed", id: `msg_${t}_${s}`, role: "assistant", content: [{ type: "output_text", text: say, annotations: [] }], ...meta(t, seq++) });

      const { cmd, exitCode, output } = commandStep(rand, area, t, s, facts);
      facts.commands.push({ cmd, exitCode });
      const callId = `call_${seed}_${t}_${s}`;
      push("response_item", { type: "function_call", status: "completed", id: `fc_${t}_${s}`, name: "exec_command", arguments: JSON.stringify({ cmd, yield_time_ms: 2000 }), call_id: callId, ...meta(t, seq++) });
      push("event_msg", { type: "item_completed", thread_id: id, turn_id: turnId(t), item: { type: "CommandExecution", id: callId, command: cmd, cwd, aggregated_output: output, exit_code: exitCode, duration: { secs: 0, nanos: 90_000_000 } } });
      const header = `Chunk ID: ${Math.floor(rand() * 1e6).toString(16)}\nWall time: ${(rand() * 5).toFixed(4)} seconds\nProcess exited with code ${exitCode}\nOriginal token count: ${Math.floor(output.length / 4)}\nOutput:\n`;
      push("response_item", { type: "function_call_output", id: `fco_${t}_${s}`, call_id: callId, output: header + output, ...meta(t, seq++) });
      usage(t);
    }

    const patch = `*** Begin Patch\n*** Update File: src/${area}.js\n@@\n-  return cache.get(key);\n+  return cache.get(normalizeKey(key));\n*** End Patch`;
    const patchId = `call_patch_${seed}_${t}`;
    push("response_item", { type: "custom_tool_call", id: `fc_p_${t}`, status: "completed", call_id: patchId, name: "apply_patch", input: patch, ...meta(t, seq++) });
    push("event_msg", { type: "item_completed", thread_id: id, turn_id: turnId(t), item: { type: "FileChange", id: patchId, changes: { [`${cwd}/src/${area}.js`]: { type: "update", unified_diff: patch } }, status: "completed" } });
    push("response_item", { type: "custom_tool_call_output", id: `ctco_${t}`, call_id: patchId, output: `Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nM src/${area}.js\n`, ...meta(t, seq++) });
    const done = `Fixed the ${area} failure: keys were not normalised before the cache lookup. Tests pass.`;
    push("response_item", { type: "message", status: "completed", id: `msg_done_${t}`, role: "assistant", content: [{ type: "output_text", text: done, annotations: [] }], ...meta(t, seq++) });
    usage(t);
    push("event_msg", { type: "task_complete", turn_id: turnId(t), last_agent_message: done, duration_ms: 4_000 });
  }
  return { lines, facts };
}

/** One shell step: a failing test run with a stack trace, a long build log, or a file dump. */
function commandStep(rand: () => number, area: string, t: number, s: number, facts: RolloutFacts) {
  const kind = s === 0 ? "test" : Math.floor(rand() * 3);
  const out: string[] = [];
  if (kind === "test" || kind === 0) {
    const failing = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < 120; i++) out.push(`  ✓ ${area} handles case ${t}.${s}.${i} (${Math.floor(rand() * 9)}ms)`);
    for (let f = 0; f < failing; f++) {
      const at = 20 + Math.floor(rand() * 80);
      const err = `AssertionError [ERR_ASSERTION]: ${area} case ${t}.${s}.${f} expected 'ok' but got 'stale'`;
      facts.errorLines.push(err);
      out.splice(at, 0, `  ✗ ${area} case ${t}.${s}.${f}`, err, ...stack(area));
    }
    out.push(`# tests 120`, `# pass ${120 - failing}`, `# fail ${failing}`);
    return { cmd: `node --test test/${area}.test.js`, exitCode: 1, output: out.join("\n") + "\n" };
  }
  if (kind === 1) {
    for (let i = 0; i < 300; i++) out.push(`[build] compiling src/${area}/module-${i}.ts -> dist/${area}/module-${i}.js (${Math.floor(rand() * 400)} ms)`);
    const err = `src/${area}/module-${t}${s}.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.`;
    facts.errorLines.push(err);
    out.splice(150, 0, err);
    return { cmd: `npx tsc -p tsconfig.json --pretty false # ${t}.${s}`, exitCode: 2, output: out.join("\n") + "\n" };
  }
  for (let i = 0; i < 90; i++) out.push(`${i + 1}\t  const v${i} = ${area}.lookup(key${i}); // ${"pad ".repeat(Math.floor(rand() * 8))}`);
  return { cmd: `nl -ba src/${area}.js | sed -n 1,90p # ${t}.${s}`, exitCode: 0, output: out.join("\n") + "\n" };
}

function stack(area: string): string[] {
  return [
    `    at Object.<anonymous> (/home/dev/src/project/test/${area}.test.js:14:10)`,
    "    at Module._compile (node:internal/modules/cjs/loader:1521:14)",
    "    at Module.load (node:internal/modules/cjs/loader:1266:32)",
    "    at node:internal/main/run_main_module:28:49",
  ];
}

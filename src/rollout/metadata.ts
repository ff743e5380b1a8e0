/**
 * The pure thread-metadata fold (contract in `types.ts`; rules: codex-memories-spec §7.6 adapted to
 * Codex 0.169). `ThreadFold` is plain JSON: store `JSON.stringify(fold)`, later `JSON.parse` it and
 * keep calling `applyRolloutLine` on appended lines; the result equals a one-pass fold.
 *
 * Unknown line types and fields are ignored; a known field with the wrong type is ignored alone.
 */
import { userMessageFromLine, type UserMessage } from "./userMessage.js";
import type { RolloutLine, ThreadFold, ThreadMetadata } from "./types.js";

/** Bumped when the fold's shape changes: a stored fold of another version must be rebuilt from offset 0. */
export const THREAD_FOLD_VERSION = 1;
/** Codex's builder defaults when no turn_context said otherwise (spec §7.6). */
const DEFAULT_SANDBOX_POLICY = "read-only";
const DEFAULT_APPROVAL_MODE = "on-request";

interface FoldState {
  v: number;
  id: string | null;
  createdAt: number | null; // from session_meta (payload.timestamp, else its line timestamp)
  firstLineAt: number | null; // first line timestamp seen (fallback for createdAt)
  updatedAt: number | null; // newest line timestamp seen
  source: string | null;
  threadSource: string | null;
  originator: string | null;
  modelProvider: string | null;
  cliVersion: string | null;
  sessionCwd: string | null;
  turnCwd: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  forkedFromId: string | null;
  gitSha: string | null;
  gitBranch: string | null;
  gitOriginUrl: string | null;
  memoryMode: string | null;
  sandboxPolicy: string | null;
  approvalMode: string | null;
  model: string | null;
  reasoningEffort: string | null;
  tokensUsed: number;
  title: string;
  firstUserMessage: string | null;
  hasUserEvent: boolean;
}

export function newThreadFold(): ThreadFold {
  const state: FoldState = {
    v: THREAD_FOLD_VERSION,
    id: null, createdAt: null, firstLineAt: null, updatedAt: null,
    source: null, threadSource: null, originator: null, modelProvider: null, cliVersion: null,
    sessionCwd: null, turnCwd: null, agentNickname: null, agentRole: null, agentPath: null, forkedFromId: null,
    gitSha: null, gitBranch: null, gitOriginUrl: null, memoryMode: null,
    sandboxPolicy: null, approvalMode: null, model: null, reasoningEffort: null,
    tokensUsed: 0, title: "", firstUserMessage: null, hasUserEvent: false,
  };
  return state as unknown as ThreadFold;
}

/** True when a stored (JSON-parsed) value is a fold this version can resume. */
export function isResumableThreadFold(value: unknown): value is ThreadFold {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === THREAD_FOLD_VERSION;
}

/**
 * A copy of `fold` with its free-text fields (the user's first prompt, the title, the git origin URL,
 * which can carry a token) passed through `fn`. The indexer stores and derives rows from this copy so
 * that no un-redacted session text reaches the DB. Resuming from it is safe: those fields are set once.
 */
export function mapFoldText(fold: ThreadFold, fn: (text: string) => string): ThreadFold {
  const st = { ...(fold as unknown as FoldState) };
  st.title = fn(st.title);
  if (st.firstUserMessage !== null) st.firstUserMessage = fn(st.firstUserMessage);
  if (st.gitOriginUrl !== null) st.gitOriginUrl = fn(st.gitOriginUrl);
  return st as unknown as ThreadFold;
}

export function applyRolloutLine(fold: ThreadFold, line: RolloutLine): void {
  const st = fold as unknown as FoldState;
  const at = typeof line.timestamp === "string" ? isoToSeconds(line.timestamp) : null;
  if (at !== null) {
    if (st.firstLineAt === null) st.firstLineAt = at;
    if (st.updatedAt === null || at > st.updatedAt) st.updatedAt = at;
  }
  const payload = line.payload;
  if (!isObject(payload)) return;
  switch (line.type) {
    case "session_meta":
      applySessionMeta(st, payload, at);
      return;
    case "turn_context":
      applyTurnContext(st, payload);
      return;
    case "event_msg":
      if (payload.type === "token_count") {
        const info = payload.info;
        if (isObject(info) && isObject(info.total_token_usage)) setTokens(st, info.total_token_usage.total_tokens);
        return;
      }
      break;
    case "token_usage_record":
      // 0.169 writes the running thread total next to per-response and per-turn usage.
      if (isObject(payload.thread_token_usage)) setTokens(st, payload.thread_token_usage.total_tokens);
      return;
    case "response_item":
      break;
    default:
      return;
  }
  if (st.firstUserMessage !== null && st.title !== "" && (st.hasUserEvent || line.type !== "event_msg")) return;
  const message = userMessageFromLine(line.type, payload);
  if (message !== null) applyUserMessage(st, message);
}

export function foldToMetadata(fold: ThreadFold, ctx: { rolloutPath: string; archived: boolean }): ThreadMetadata | null {
  const st = fold as unknown as FoldState;
  if (st.id === null) return null;
  const createdAt = st.createdAt ?? st.firstLineAt ?? st.updatedAt ?? 0;
  return {
    id: st.id,
    rolloutPath: ctx.rolloutPath,
    createdAt,
    updatedAt: Math.max(createdAt, st.updatedAt ?? createdAt),
    source: st.source ?? "vscode",
    threadSource: st.threadSource,
    originator: st.originator,
    modelProvider: st.modelProvider ?? "",
    model: st.model,
    reasoningEffort: st.reasoningEffort,
    cwd: st.sessionCwd ?? st.turnCwd ?? "",
    title: st.title,
    firstUserMessage: st.firstUserMessage ?? "",
    sandboxPolicy: st.sandboxPolicy ?? DEFAULT_SANDBOX_POLICY,
    approvalMode: st.approvalMode ?? DEFAULT_APPROVAL_MODE,
    tokensUsed: st.tokensUsed,
    hasUserEvent: st.hasUserEvent,
    archived: ctx.archived,
    gitSha: st.gitSha,
    gitBranch: st.gitBranch,
    gitOriginUrl: st.gitOriginUrl,
    cliVersion: st.cliVersion ?? "",
    agentNickname: st.agentNickname,
    agentRole: st.agentRole,
    agentPath: st.agentPath,
    forkedFromId: st.forkedFromId,
    memoryMode: st.memoryMode,
  };
}

/**
 * Only the first session_meta's id defines the thread. A later one with another id (a forked
 * session's source thread) is ignored; a later one with the same id only fills empty fields.
 */
function applySessionMeta(st: FoldState, p: Record<string, unknown>, lineAt: number | null): void {
  const id = str(p.id);
  if (id === null) return;
  if (st.id === null) st.id = id;
  else if (st.id !== id) return;
  if (st.createdAt === null) st.createdAt = (typeof p.timestamp === "string" ? isoToSeconds(p.timestamp) : null) ?? lineAt;
  if (st.source === null) st.source = stringifySessionSource(p.source);
  st.threadSource ??= str(p.thread_source);
  st.originator ??= str(p.originator);
  st.modelProvider ??= str(p.model_provider);
  st.cliVersion ??= str(p.cli_version);
  st.sessionCwd ??= str(p.cwd);
  st.forkedFromId ??= str(p.forked_from_id);
  st.memoryMode ??= str(p.memory_mode);
  const spawn = threadSpawnOf(p.source);
  st.agentNickname ??= str(p.agent_nickname) ?? str(spawn?.agent_nickname);
  st.agentRole ??= str(p.agent_role) ?? str(p.agent_type) ?? str(spawn?.agent_role);
  st.agentPath ??= str(p.agent_path) ?? str(spawn?.agent_path);
  if (isObject(p.git)) {
    st.gitSha ??= str(p.git.commit_hash);
    st.gitBranch ??= str(p.git.branch);
    st.gitOriginUrl ??= str(p.git.repository_url);
  }
}

function applyTurnContext(st: FoldState, p: Record<string, unknown>): void {
  st.turnCwd ??= str(p.cwd);
  // Codex 0.169 stores the compact JSON of `permission_profile` (its threads rows show it); older
  // rollouts only have `sandbox_policy`.
  st.sandboxPolicy = permissionProfileJson(p.permission_profile) ?? stringifyPolicy(p.sandbox_policy) ?? st.sandboxPolicy;
  st.approvalMode = stringifyPolicy(p.approval_policy) ?? st.approvalMode;
  st.model = str(p.model) ?? st.model;
  const mode = p.collaboration_mode;
  const modeEffort = isObject(mode) && isObject(mode.settings) ? str(mode.settings.reasoning_effort) : null;
  st.reasoningEffort = str(p.effort) ?? modeEffort ?? st.reasoningEffort;
}

function applyUserMessage(st: FoldState, m: UserMessage): void {
  if (m.isUserMessageEvent) st.hasUserEvent = true;
  if (st.firstUserMessage === null) st.firstUserMessage = m.firstUserMessage;
  if (st.title === "") st.title = m.title;
}

function setTokens(st: FoldState, total: unknown): void {
  if (typeof total === "number" && Number.isFinite(total) && total >= 0) st.tokensUsed = Math.floor(total);
}

/** SessionSource → display string (spec §7.3). Missing → `vscode` (Codex's default). */
export function stringifySessionSource(source: unknown): string {
  if (source === undefined || source === null) return "vscode";
  if (typeof source === "string") return source.toLowerCase();
  if (!isObject(source)) return "unknown";
  const keys = Object.keys(source);
  if (keys.length !== 1) return "unknown";
  const key = keys[0]!;
  const value = source[key];
  if (key === "subagent" || key === "internal") {
    if (typeof value === "string") return `${key}_${value.toLowerCase()}`;
    if (isObject(value)) {
      const inner = Object.keys(value)[0];
      return inner === undefined ? "unknown" : `${key}_${inner.toLowerCase()}`;
    }
    return "unknown";
  }
  if (key === "custom") {
    return typeof value === "string" || typeof value === "number" ? `custom_${String(value).toLowerCase()}` : "unknown";
  }
  return "unknown";
}

/** Policies: strings as-is; objects → their `type` if a string, else compact JSON. */
export function stringifyPolicy(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isObject(value)) return typeof value.type === "string" ? value.type : JSON.stringify(value);
  return null;
}

function permissionProfileJson(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  return isObject(value) ? JSON.stringify(value) : null;
}

function threadSpawnOf(source: unknown): Record<string, unknown> | null {
  if (!isObject(source) || !isObject(source.subagent)) return null;
  const spawn = source.subagent.thread_spawn;
  return isObject(spawn) ? spawn : null;
}

function isoToSeconds(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

import type { Db } from "../open.js";
import { cachedStatement } from "../statementCache.js";
import type { ThreadMetadata } from "../../rollout/types.js";

/**
 * Inserts or updates the `threads` row of `t.id` from freshly folded metadata (text fields must already
 * be redacted) and clears `missing`. `archived_at` is set the first time a thread is seen archived.
 * Idempotent. Returns "added" when no row existed, else "updated".
 */
export function upsertThread(db: Db, t: ThreadMetadata, now: number): "added" | "updated" {
  const existed = cachedStatement(db, `SELECT 1 FROM threads WHERE id = ?`).get(t.id) !== undefined;
  cachedStatement(db, 
    `INSERT INTO threads (id, rollout_path, created_at, updated_at, source, thread_source, originator,
        model_provider, model, reasoning_effort, cwd, title, first_user_message, sandbox_policy, approval_mode,
        tokens_used, has_user_event, archived, archived_at, git_sha, git_branch, git_origin_url, cli_version,
        agent_nickname, agent_role, agent_path, forked_from_id, memory_mode, missing, indexed_at)
     VALUES (@id, @rolloutPath, @createdAt, @updatedAt, @source, @threadSource, @originator,
        @modelProvider, @model, @reasoningEffort, @cwd, @title, @firstUserMessage, @sandboxPolicy, @approvalMode,
        @tokensUsed, @hasUserEvent, @archived, @archivedAt, @gitSha, @gitBranch, @gitOriginUrl, @cliVersion,
        @agentNickname, @agentRole, @agentPath, @forkedFromId, @memoryMode, 0, @now)
     ON CONFLICT(id) DO UPDATE SET
        rollout_path = excluded.rollout_path, created_at = excluded.created_at, updated_at = excluded.updated_at,
        source = excluded.source, thread_source = excluded.thread_source, originator = excluded.originator,
        model_provider = excluded.model_provider, model = excluded.model, reasoning_effort = excluded.reasoning_effort,
        cwd = excluded.cwd, title = excluded.title, first_user_message = excluded.first_user_message,
        sandbox_policy = excluded.sandbox_policy, approval_mode = excluded.approval_mode,
        tokens_used = excluded.tokens_used, has_user_event = excluded.has_user_event,
        archived = excluded.archived,
        archived_at = CASE WHEN excluded.archived = 1 THEN COALESCE(threads.archived_at, excluded.archived_at) ELSE NULL END,
        git_sha = excluded.git_sha, git_branch = excluded.git_branch, git_origin_url = excluded.git_origin_url,
        cli_version = excluded.cli_version, agent_nickname = excluded.agent_nickname, agent_role = excluded.agent_role,
        agent_path = excluded.agent_path, forked_from_id = excluded.forked_from_id,
        memory_mode = CASE WHEN threads.memory_mode = 'polluted' THEN 'polluted' ELSE excluded.memory_mode END,
        missing = 0, indexed_at = excluded.indexed_at`,
  ).run({
    id: t.id,
    rolloutPath: t.rolloutPath,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    source: t.source,
    threadSource: t.threadSource,
    originator: t.originator,
    modelProvider: t.modelProvider,
    model: t.model,
    reasoningEffort: t.reasoningEffort,
    cwd: t.cwd,
    title: t.title,
    firstUserMessage: t.firstUserMessage,
    sandboxPolicy: t.sandboxPolicy,
    approvalMode: t.approvalMode,
    tokensUsed: t.tokensUsed,
    hasUserEvent: t.hasUserEvent ? 1 : 0,
    archived: t.archived ? 1 : 0,
    archivedAt: t.archived ? now : null,
    gitSha: t.gitSha,
    gitBranch: t.gitBranch,
    gitOriginUrl: t.gitOriginUrl,
    cliVersion: t.cliVersion,
    agentNickname: t.agentNickname,
    agentRole: t.agentRole,
    agentPath: t.agentPath,
    forkedFromId: t.forkedFromId,
    // A rollout that declares nothing is enabled (the column's default); polluted is only ever set by engram.
    memoryMode: t.memoryMode ?? "enabled",
    now,
  });
  return existed ? "updated" : "added";
}

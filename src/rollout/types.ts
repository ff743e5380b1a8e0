/**
 * Shapes of a Codex rollout file (codex-memories-spec §7, plus what Codex 0.169 writes) and the
 * contracts of the rollout reader and the thread-metadata fold. Everything here is data: the reader
 * (`read.ts`) is the only I/O in `src/rollout/`.
 *
 * Unknown line types and unknown fields are expected: every release adds some. Types below list
 * what engram reads; all payloads may carry more.
 */

/** One line of a rollout file: `{timestamp, ordinal?, type, payload}`. */
export interface RolloutLine {
  timestamp?: string;
  ordinal?: number;
  type: string;
  payload: unknown;
}

export type ContentItem =
  | { type: "input_text"; text: string }
  | { type: "output_text"; text: string }
  | { type: "input_image"; image_url?: string }
  | { type: string; text?: string };

/** `response_item` payloads engram understands (tagged by `type`). */
export type ResponseItem =
  | { type: "message"; role: string; content: ContentItem[] | string; phase?: string }
  | { type: "reasoning"; summary?: { type: string; text: string }[]; content?: unknown; encrypted_content?: unknown }
  | { type: "function_call"; name: string; namespace?: string; arguments: string; call_id?: string }
  | { type: "function_call_output"; call_id?: string; output: unknown }
  | { type: "custom_tool_call"; name: string; input: string; call_id?: string; status?: string }
  | { type: "custom_tool_call_output"; call_id?: string; output: unknown }
  | {
      type: "local_shell_call";
      call_id?: string;
      status?: string;
      action?: { type: string; command?: string[]; working_directory?: string };
    }
  | { type: "web_search_call"; status?: string; action?: Record<string, unknown> }
  | { type: string; [key: string]: unknown };

/** A line the reader could not use, with where it is. */
export interface BadLine {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset where the line starts. */
  offset: number;
  /** What is wrong: "invalid JSON: …", "invalid UTF-8", "not an object with a string `type` and a `payload`", … */
  reason: string;
}

/**
 * What the reader yields, in file order. CONTRACT for `readRollout()` in `read.ts`:
 *
 *   readRollout(file: string, options?: ReadRolloutOptions): AsyncGenerator<RolloutEvent, ReadEnd>
 *
 * - streams the file in fixed-size chunks (never the whole file; a single 20 MB line works);
 * - yields `{kind:"line"}` for each complete, valid line and `{kind:"bad"}` for each invalid one, and goes on;
 * - a final line without its trailing newline is a line still being written: it is NOT yielded and NOT
 *   an error; `ReadEnd.offset` stops before it so the next read starts there;
 * - returns `ReadEnd` (the generator's return value).
 */
export interface ReadRolloutOptions {
  /** Byte offset to start at (must be the start of a line). Default 0. */
  fromOffset?: number;
  /** Line number of the line at `fromOffset` (1-based). Default 1. */
  firstLineNumber?: number;
  signal?: AbortSignal;
}

export type RolloutEvent =
  | { kind: "line"; lineNumber: number; offset: number; line: RolloutLine }
  | { kind: "bad"; error: BadLine };

export interface ReadEnd {
  /** End of the last complete line (where the next incremental read starts). */
  offset: number;
  /** Number of complete lines consumed so far (firstLineNumber - 1 + lines read now). */
  linesRead: number;
  /** Start offset and sha1 (hex) of the last complete line consumed, or null if none was. */
  lastLine: { offset: number; sha1: string } | null;
  /** Bytes after `offset` that form an incomplete last line (0 if the file ends with a newline). */
  partialBytes: number;
}

/**
 * The thread metadata the indexer stores (one `threads` row; see db/migrations/state/0010-threads.ts).
 * Text fields are NOT yet redacted here; the indexer redacts before writing.
 */
export interface ThreadMetadata {
  id: string;
  rolloutPath: string;
  createdAt: number; // Unix seconds
  updatedAt: number; // Unix seconds
  source: string;
  threadSource: string | null;
  originator: string | null;
  modelProvider: string;
  model: string | null;
  reasoningEffort: string | null;
  cwd: string;
  title: string;
  firstUserMessage: string;
  sandboxPolicy: string;
  approvalMode: string;
  tokensUsed: number;
  hasUserEvent: boolean;
  archived: boolean;
  gitSha: string | null;
  gitBranch: string | null;
  gitOriginUrl: string | null;
  cliVersion: string;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  forkedFromId: string | null;
  /** From session_meta.memory_mode when the rollout declares one; null = not declared. */
  memoryMode: string | null;
}

/**
 * CONTRACT for the metadata fold in `metadata.ts` (pure):
 *
 *   newThreadFold(): ThreadFold
 *   applyRolloutLine(fold: ThreadFold, line: RolloutLine): void     // mutates fold
 *   foldToMetadata(fold: ThreadFold, ctx: { rolloutPath: string; archived: boolean }): ThreadMetadata | null
 *
 * `ThreadFold` is plain JSON (JSON.stringify/parse round-trips it) so the indexer can store it and
 * resume after an append. `foldToMetadata` returns null until a session_meta line has been seen.
 */
export type ThreadFold = Record<string, unknown>;

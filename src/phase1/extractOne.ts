/**
 * One stage-1 extraction, without the job bookkeeping (run.ts owns claims, leases and DB writes).
 *
 * Steps:
 * 1. Read the rollout (bad lines skipped and counted; a missing/unreadable file → `io_error`).
 * 2. Render, redact and chunk to `inputBudgetTokens(client.contextWindow)` (renderForExtraction).
 * 3. One `complete` per chunk with engram's stage-1 prompt and the strict output schema; each reply
 *    is parsed (parseStage1Output: tolerant, redacts every field).
 * 4. More than one chunk: one merge request over the parts' (parsed, redacted) results, unless every
 *    part came back empty (then the rollout has nothing worth remembering, and no merge is paid for).
 * 5. A ContextLengthExceededError on a chunk re-chunks the transcript at half the budget and starts
 *    over (at most MAX_CONTEXT_RESPLITS times, never below MIN_RESPLIT_BUDGET_TOKENS); when splitting
 *    cannot help (or the merge itself is too long) the job fails `context_length_exceeded`.
 * Throws JobFailure / ModelError / Stage1ParseError; run.ts classifies them (jobFailure.ts).
 */
import type { ClaimedThread } from "../db/jobs/types.js";
import { ContextLengthExceededError } from "../model/errors.js";
import { addUsage, emptyUsage, type ModelClient, type Usage } from "../model/types.js";
import type { ReasoningEffort } from "../config/schema.js";
import { readRollout } from "../rollout/read.js";
import type { RolloutLine } from "../rollout/types.js";
import { inputBudgetTokens, type Chunk } from "./budget.js";
import { capLongStrings } from "./capChars.js";
import { MAX_CONTEXT_RESPLITS, MIN_RESPLIT_BUDGET_TOKENS, ROLLOUT_STRING_MAX_CHARS } from "./constants.js";
import { JobFailure } from "./jobFailure.js";
import { parseStage1Output, STAGE1_OUTPUT_SCHEMA, type Stage1Output } from "./output.js";
import {
  renderStage1Input, renderStage1MergeInput, STAGE1_MERGE_SYSTEM_PROMPT, STAGE1_SYSTEM_PROMPT, type SessionContext,
} from "./prompts.js";
import { renderForExtraction } from "./renderForExtraction.js";

/** The schema as the model layer wants it (name + plain object). */
export const STAGE1_OUTPUT_FORMAT = {
  name: "engram_stage1_output",
  schema: STAGE1_OUTPUT_SCHEMA as unknown as Record<string, unknown>,
};

export interface ExtractOneOptions {
  thread: ClaimedThread;
  client: ModelClient;
  reasoningEffort?: ReasoningEffort;
  signal?: AbortSignal;
}

export interface ExtractOneResult {
  output: Stage1Output;
  chunks: number;
  requests: number;
  badLines: number;
  usage: Usage;
}

/** Progress of a job as it goes, so a failure still reports what was spent. */
export interface ExtractTally {
  chunks: number;
  requests: number;
  badLines: number;
  usage: Usage;
}

export function newTally(): ExtractTally {
  return { chunks: 0, requests: 0, badLines: 0, usage: emptyUsage() };
}


/** Step 1: every readable line of the rollout (strings over ROLLOUT_STRING_MAX_CHARS cut, so giant lines
 *  are not all held at once), and how many bad lines were skipped. */
export async function readRolloutLines(file: string, signal?: AbortSignal): Promise<{ lines: RolloutLine[]; badLines: number }> {
  const lines: RolloutLine[] = [];
  let badLines = 0;
  try {
    for await (const event of readRollout(file, signal ? { signal } : {})) {
      if (event.kind === "line") lines.push(capLongStrings(event.line, ROLLOUT_STRING_MAX_CHARS));
      else badLines += 1;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string") {
      throw new JobFailure("io_error", `cannot read rollout ${file}: ${code} ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
  return { lines, badLines };
}

export function sessionOf(thread: ClaimedThread): SessionContext {
  return { rolloutPath: thread.rolloutPath, cwd: thread.cwd, gitBranch: thread.gitBranch };
}

export async function extractOne(options: ExtractOneOptions, tally: ExtractTally = newTally()): Promise<ExtractOneResult> {
  const { client, thread, signal } = options;
  const session = sessionOf(thread);
  const { lines, badLines } = await readRolloutLines(thread.rolloutPath, signal);
  tally.badLines = badLines;

  const call = async (instructions: string, input: string): Promise<string> => {
    tally.requests += 1;
    const result = await client.complete({
      instructions,
      input,
      outputSchema: STAGE1_OUTPUT_FORMAT,
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
      ...(signal ? { signal } : {}),
    });
    tally.usage = addUsage(tally.usage, result.usage);
    return result.text;
  };

  let budget = inputBudgetTokens(client.contextWindow);
  for (let resplits = 0; ; resplits++) {
    const chunks = renderForExtraction(lines, budget);
    tally.chunks = chunks.length;
    try {
      const output = await extractChunks(chunks, session, call);
      return { output, chunks: chunks.length, requests: tally.requests, badLines, usage: tally.usage };
    } catch (error) {
      if (!(error instanceof ContextLengthExceededError)) throw error;
      const next = Math.floor(budget / 2);
      if (resplits >= MAX_CONTEXT_RESPLITS || next < MIN_RESPLIT_BUDGET_TOKENS) {
        throw new JobFailure(
          "context_length_exceeded",
          `the model refused the input as too long even split into ${chunks.length} chunk(s) of ≤ ${budget} tokens; ` +
            `set [models."${client.model}"] context_window to the window it really serves (${error.message})`,
          { cause: error },
        );
      }
      budget = next;
    }
  }
}

async function extractChunks(
  chunks: readonly Chunk[],
  session: SessionContext,
  call: (instructions: string, input: string) => Promise<string>,
): Promise<Stage1Output> {
  if (chunks.length === 1) return parseStage1Output(await call(STAGE1_SYSTEM_PROMPT, renderStage1Input(session, chunks[0]!.text, chunks[0]!)));
  const parts: Stage1Output[] = [];
  for (const chunk of chunks) {
    parts.push(parseStage1Output(await call(STAGE1_SYSTEM_PROMPT, renderStage1Input(session, chunk.text, chunk))));
  }
  if (parts.every((p) => p.kind === "empty")) return { kind: "empty" };
  // The merge sees the parsed (so redacted, capped) parts, re-serialised in the output schema's keys.
  const partial = parts.map((p) =>
    JSON.stringify(
      p.kind === "empty"
        ? { rollout_summary: "", rollout_slug: null, raw_memory: "" }
        : { rollout_summary: p.rolloutSummary, rollout_slug: p.rolloutSlug, raw_memory: p.rawMemory },
    ),
  );
  try {
    return parseStage1Output(await call(STAGE1_MERGE_SYSTEM_PROMPT, renderStage1MergeInput(session, partial)));
  } catch (error) {
    if (error instanceof ContextLengthExceededError) {
      // Splitting further only adds parts to merge: this cannot be fixed by re-chunking.
      throw new JobFailure("context_length_exceeded", `merge request too long: ${chunks.length} partial results do not fit: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * A `ToolSession` is one consolidation run's view of the memory folder: the real root and the
 * write budget shared by every tool call of the run.
 */
import fs from "node:fs";
import { EngramError } from "../../errors.js";
import { TOOL_MAX_FILE_BYTES, TOOL_MAX_TOTAL_WRITE_BYTES } from "./constants.js";

/** A refusal or failure the model should read; `runTool` turns it into `{ok: false, error}`. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

export interface ToolSessionOptions {
  maxFileBytes?: number;
  maxTotalWriteBytes?: number;
  /**
   * Append-only journal (absolute path, outside the agent's reach, e.g. under `.git/`): every path a
   * changing tool is about to touch is appended, one JSON string per line, BEFORE the change. After
   * a crash the runner restores only these paths from the snapshot and keeps every other change.
   */
  touchedJournal?: string;
}

export class ToolSession {
  /** realpath of the memory folder. */
  readonly root: string;
  readonly maxFileBytes: number;
  readonly maxTotalWriteBytes: number;
  readonly touchedJournal: string | undefined;
  bytesWritten = 0;

  constructor(root: string, options: ToolSessionOptions = {}) {
    const st = fs.lstatSync(root, { throwIfNoEntry: false });
    if (!st?.isDirectory()) {
      throw new EngramError("memory_root_invalid", `memory folder ${root} is missing, a symlink or not a directory`, {
        hint: "Prepare the workspace before running the consolidation tools.",
      });
    }
    this.root = fs.realpathSync(root);
    this.maxFileBytes = options.maxFileBytes ?? TOOL_MAX_FILE_BYTES;
    this.maxTotalWriteBytes = options.maxTotalWriteBytes ?? TOOL_MAX_TOTAL_WRITE_BYTES;
    this.touchedJournal = options.touchedJournal;
  }

  /** Records (synchronously, before the change happens) that `relPath` is about to change. */
  recordTouch(relPath: string): void {
    if (this.touchedJournal !== undefined) fs.appendFileSync(this.touchedJournal, `${JSON.stringify(relPath)}\n`);
  }

  /** Throws unless `bytes` more fit the per-file cap and the run's budget; then counts them. */
  chargeWrite(relPath: string, bytes: number): void {
    if (bytes > this.maxFileBytes) {
      throw new ToolError(`refused: ${relPath} would be ${bytes} bytes; one file may hold at most ${this.maxFileBytes} bytes`);
    }
    if (this.bytesWritten + bytes > this.maxTotalWriteBytes) {
      throw new ToolError(
        `refused: write budget exhausted (${this.bytesWritten} of ${this.maxTotalWriteBytes} bytes used this run; ${relPath} needs ${bytes})`,
      );
    }
    this.bytesWritten += bytes;
  }
}

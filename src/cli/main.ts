/**
 * The engram command table: flags, help and syntax checks only.
 *
 * Each action lazily imports `./commands/<name>.js`, which calls a library function that returns data
 * and renders it (text with progress on stderr, or one JSON document on stdout with `--json`).
 * Only this file decides the exit code: user errors (`EngramError`) print a message and a hint without
 * a stack; anything else is a bug and prints its stack.
 */
import { Command, CommanderError } from "commander";
import { EngramError } from "../errors.js";
import { VERSION } from "../version.js";
import { installBrokenPipeHandlers, printJson } from "./output.js";

export async function main(argv: string[]): Promise<number> {
  installBrokenPipeHandlers();
  const program = new Command();
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };

  program
    .name("engram")
    .description("Memory for coding agents: turns past agent sessions into a memory folder future sessions read.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      [
        "",
        "Start with `engram update` (index, extract, consolidate), then `engram status`.",
        "",
        "Environment:",
        "  ENGRAM_HOME  engram's folder: state DB, logs DB, config.toml, memories/ (default ~/.engram)",
        "  CODEX_HOME   where Codex writes its sessions (default ~/.codex)",
        "  ENGRAM_LOG   stderr log level: error, warn (default), info, debug",
      ].join("\n"),
    )
    .exitOverride();

  // ---- index (issue 2) ----
  program
    .command("index")
    .description("Index rollout files into the state DB (incremental: unchanged files are not reopened)")
    .option("--source <dir...>", "rollout folder(s) to index (default: $CODEX_HOME/sessions and archived_sessions)")
    .option("--add-source <dir...>", "extra rollout folder(s), indexed besides the defaults")
    .option("--json", "print the summary as JSON")
    .option("--no-progress", "do not show a progress bar")
    .action(async (opts) => setExit(await (await import("./commands/index.js")).runIndexCommand(opts)));

  program
    .command("threads")
    .description("List indexed threads (sessions), newest first")
    .option("--cwd <dir>", "only threads whose working directory is this folder or below it")
    .option("--source <source...>", "only these session sources (cli, vscode, exec, ...)")
    .option("--since <when>", "only threads active since (ISO date, or a duration like 7d, 12h)")
    .option("--limit <n>", "at most this many", "50")
    .option("--json", "print as JSON")
    .action(async (opts) => setExit(await (await import("./commands/threads.js")).runThreadsCommand(opts)));

  program
    .command("status")
    .description("Show the pipeline: indexed threads, phase-1 jobs and failures (with retry times), sessions waiting, the last consolidation, the memory folder")
    .option("--json", "print as JSON")
    .action(async (opts) => setExit(await (await import("./commands/status.js")).runStatusCommand(opts)));

  // ---- more commands are registered below by later stages ----
  // @engram-commands
  // ---- extract (issue 4) ----
  program
    .command("extract")
    .description("Run phase 1: extract memories from indexed sessions (one model call per chunk, leased jobs)")
    .option("--thread <id...>", "only these thread ids (of any source: naming an exec session extracts it)")
    .option("--now", "ignore min_rollout_idle_hours (extract sessions active recently too)")
    .option("--wait", "with --thread: wait for targeted threads another process is extracting")
    .option("--dry-run", "list what would run with estimated tokens and cost; no claim, no model call")
    .option("--json", "print the summary as JSON")
    .option("--no-progress", "do not show a progress bar")
    .action(async (opts) => setExit(await (await import("./commands/extract.js")).runExtractCommand(opts)));
  // ---- consolidation and memory history (issue 5) ----
  program
    .command("update")
    .description("The main job: index new sessions, extract memories (phase 1), consolidate the memory folder (phase 2)")
    .option("--now", "do not wait for sessions to be idle (min_rollout_idle_hours)")
    .option("--force", "consolidate even within the cooldown or a failure's retry delay")
    .option("--json", "print the summary as JSON")
    .option("--no-progress", "do not show progress")
    .action(async (opts) => setExit(await (await import("./commands/update.js")).runUpdateCommand(opts)));

  program
    .command("consolidate")
    .description("Run one consolidation of the memory folder (phase 2) now")
    .option("--force", "run even within the cooldown or a failure's retry delay")
    .option("--json", "print the result as JSON")
    .option("--no-progress", "do not show progress")
    .action(async (opts) => setExit(await (await import("./commands/consolidate.js")).runConsolidateCommand(opts)));

  program
    .command("history")
    .description("List the memory folder's revisions (one per consolidation, revert or initialisation), newest first")
    .option("--limit <n>", "at most this many", "20")
    .option("--json", "print as JSON")
    .action(async (opts) => setExit(await (await import("./commands/history.js")).runHistoryCommand(opts)));

  program
    .command("show <rev>")
    .description("Show what one revision changed in the memory folder and why")
    .option("--json", "print as JSON")
    .action(async (rev, opts) => setExit(await (await import("./commands/show.js")).runShowCommand(rev, opts)));

  program
    .command("revert <rev>")
    .description("Undo one revision with a new commit (the next consolidation sees it as your edit)")
    .option("--json", "print as JSON")
    .action(async (rev, opts) => setExit(await (await import("./commands/revert.js")).runRevertCommand(rev, opts)));

  program
    .command("remember <text...>")
    .description("Keep an explicit note (extensions/ad_hoc/notes/); the next consolidation folds it into memory")
    .option("--json", "print as JSON")
    .action(async (text, opts) => setExit(await (await import("./commands/remember.js")).runRememberCommand(text, opts)));

  // ---- config (issue 3) ----
  program
    .command("config")
    .description("Inspect engram's configuration ($ENGRAM_HOME/config.toml)")
    .command("show")
    .description("Print the effective configuration, where each value came from, secrets masked")
    .option("--json", "print as JSON")
    .action(async (opts) => setExit(await (await import("./commands/config.js")).runConfigShowCommand(opts)));


  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error, argv.includes("--json"));
  }
}

function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed the message (or help / version).
    return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help"
      ? 0
      : 2;
  }
  if (error instanceof EngramError) {
    if (json) {
      printJson(error.toJSON());
    } else {
      process.stderr.write(`engram: ${error.message}\n`);
      if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    }
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`engram: internal error: ${err.stack ?? err.message}\n`);
  process.stderr.write(`This is a bug in engram ${VERSION} (node ${process.version}); please report it.\n`);
  return 70;
}

/** `engram revert <rev>`: a new commit undoing one revision; the next consolidation sees it as a user edit. */
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { revertRevision } from "../../phase2/workspace/index.js";
import { printJson, printLine } from "../output.js";

export async function runRevertCommand(rev: string, opts: { json?: boolean }): Promise<number> {
  const root = loadConfig({ home: engramHome() }).config.memories.memory_root;
  const commit = await revertRevision(root, rev);
  if (opts.json) printJson({ reverted: rev, commit, memoryRoot: root });
  else printLine(`reverted ${rev}: new commit ${commit.slice(0, 12)} in ${root}`);
  return 0;
}

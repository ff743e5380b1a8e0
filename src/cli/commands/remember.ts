/** `engram remember "<text>"`: an explicit note the next consolidation folds into memory. */
import path from "node:path";
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { writeAdHocNote } from "../../phase2/workspace/index.js";
import { printJson, printLine } from "../output.js";

export async function runRememberCommand(words: string[], opts: { json?: boolean }): Promise<number> {
  const root = loadConfig({ home: engramHome() }).config.memories.memory_root;
  const note = await writeAdHocNote(root, words.join(" "));
  if (opts.json) printJson({ note, path: path.join(root, note) });
  else printLine(`noted in ${path.join(root, note)}; the next consolidation (engram update or engram consolidate) folds it into memory`);
  return 0;
}

/** `engram show <rev>`: what one revision changed in the memory folder and why (message + patch). */
import { loadConfig } from "../../config/index.js";
import { engramHome } from "../../paths.js";
import { showRevision } from "../../phase2/workspace/index.js";
import { printJson } from "../output.js";

export async function runShowCommand(rev: string, opts: { json?: boolean }): Promise<number> {
  const root = loadConfig({ home: engramHome() }).config.memories.memory_root;
  const r = await showRevision(root, rev);
  if (opts.json) {
    printJson(r);
    return 0;
  }
  const files = r.files.map((f) => `  ${f.status} ${f.path}`).join("\n");
  process.stdout.write(`revision ${r.sha}\ndate     ${r.date}\n\n${r.message.replace(/^/gm, "    ").trimEnd()}\n\nfiles:\n${files}\n\n${r.patch}`);
  return 0;
}

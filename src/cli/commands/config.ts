/** `engram config show [--json]`: the effective configuration, where each value came from, secrets masked. */
import fs from "node:fs";
import { configRows, formatValue } from "../../config/show.js";
import { loadConfig } from "../../config/load.js";
import { engramHome } from "../../paths.js";
import { formatTable, printJson, printLine } from "../output.js";

export async function runConfigShowCommand(opts: { json?: boolean }): Promise<number> {
  const env = process.env;
  const loaded = loadConfig({ home: engramHome(env), env });
  const rows = configRows(loaded, env);
  if (opts.json) {
    printJson({ config_file: loaded.config.config_file, values: rows });
    return 0;
  }
  const missing = !fs.existsSync(loaded.config.config_file);
  printLine(`config file: ${loaded.config.config_file}${missing ? " (not found: defaults apply; see docs/configuration.md)" : ""}`);
  printLine();
  printLine(
    formatTable(
      ["key", "value", "source"],
      rows.map((r) => [r.key, formatValue(r.value), r.detail ? `${r.source} (${r.detail})` : r.source]),
    ),
  );
  return 0;
}

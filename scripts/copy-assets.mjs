// Copies every Markdown file that lives in a `prompts/` folder under src/ to the same place under
// dist/, so compiled modules find their templates next to them (they resolve them via import.meta.url).
import { copyFileSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src");
const distDir = join(root, "dist");

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

let copied = 0;
for (const file of walk(srcDir)) {
  const rel = relative(srcDir, file);
  if (!file.endsWith(".md") || !rel.split(sep).slice(0, -1).includes("prompts")) continue;
  const target = join(distDir, rel);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  copyFileSync(file, tmp);
  renameSync(tmp, target); // never leave a half-written template
  copied++;
}
process.stderr.write(`copy-assets: ${copied} prompt template(s) copied to dist/\n`);

/**
 * Retention pruning of extension resources (spec §3.7): in every extension that has
 * `instructions.md`, delete `resources/*.md` files whose name starts with a UTC timestamp
 * (`YYYY-MM-DDTHH-MM-SS`) at or before `now − 7 days`. Anything else is never touched.
 */
import fs from "node:fs";
import path from "node:path";
import {
  EXTENSION_INSTRUCTIONS_FILENAME,
  EXTENSION_RESOURCE_RETENTION_DAYS,
  EXTENSION_RESOURCES_DIRNAME,
  EXTENSIONS_DIRNAME,
} from "../layout.js";

const SECONDS_PER_DAY = 86_400;
const FILENAME_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})/;

/** Unix seconds of a file name's 19-char timestamp prefix, or null if it has none or it is not a real time. */
export function parseFilenameTimestamp(name: string): number | null {
  const m = FILENAME_TIMESTAMP.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  return ms / 1000;
}

export interface PrunedResource {
  extension: string;
  /** `resources/<file>` */
  resource: string;
}

/** Deletes expired resources; returns what it removed, sorted. `nowSeconds` is Unix seconds. */
export function pruneExtensionResources(root: string, nowSeconds: number): PrunedResource[] {
  const cutoff = nowSeconds - EXTENSION_RESOURCE_RETENTION_DAYS * SECONDS_PER_DAY;
  const extensionsDir = path.join(root, EXTENSIONS_DIRNAME);
  const removed: PrunedResource[] = [];
  for (const ext of readDirOrEmpty(extensionsDir)) {
    if (!ext.isDirectory()) continue;
    const extDir = path.join(extensionsDir, ext.name);
    if (!isRegularFile(path.join(extDir, EXTENSION_INSTRUCTIONS_FILENAME))) continue;
    const resourcesDir = path.join(extDir, EXTENSION_RESOURCES_DIRNAME);
    for (const res of readDirOrEmpty(resourcesDir)) {
      if (!res.isFile() || !res.name.endsWith(".md")) continue;
      const ts = parseFilenameTimestamp(res.name);
      if (ts === null || ts > cutoff) continue;
      fs.rmSync(path.join(resourcesDir, res.name), { force: true });
      removed.push({ extension: ext.name, resource: `${EXTENSION_RESOURCES_DIRNAME}/${res.name}` });
    }
  }
  return removed.sort((a, b) => (a.extension + "/" + a.resource < b.extension + "/" + b.resource ? -1 : 1));
}

function readDirOrEmpty(dir: string): fs.Dirent[] {
  try {
    if (fs.lstatSync(dir).isSymbolicLink()) return [];
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}

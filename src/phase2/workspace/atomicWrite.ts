/**
 * Whole-file writes that never leave a half-written file: write a temp file beside the target
 * (created exclusively, so a planted file or symlink at that name is never followed), then rename.
 * Renaming over a symlink replaces the link itself, never its target.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export function writeFileAtomic(filePath: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.engram-tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const fd = fs.openSync(tmp, "wx", mode);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, filePath);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes only when the bytes differ; returns true if it wrote. */
export function writeFileIfChanged(filePath: string, data: string): boolean {
  const next = Buffer.from(data, "utf8");
  try {
    const current = fs.readFileSync(filePath);
    if (current.equals(next)) return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  writeFileAtomic(filePath, next);
  return true;
}

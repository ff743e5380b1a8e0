/**
 * The tools that change the folder: `write`, `edit`, `apply_patch`, `delete`, `move`. All paths go
 * through `resolveToolPath` + `assertMutable`; every write is atomic, charged to the session's budget,
 * journalled (`session.recordTouch`) before it happens, and never creates or follows a symlink.
 */
import fs from "node:fs";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import { applyUnifiedDiff } from "./applyPatch.js";
import { assertMutable, ensureParentDirs, resolveToolPath, type ResolvedPath } from "./pathSafety.js";
import { readTextFile } from "./readTools.js";
import { ToolError, type ToolSession } from "./session.js";

function writeChecked(session: ToolSession, p: ResolvedPath, content: string): number {
  if (p.stat && !p.stat.isFile()) throw new ToolError(`not a file: ${p.rel}`);
  const bytes = Buffer.byteLength(content, "utf8");
  session.chargeWrite(p.rel, bytes);
  session.recordTouch(p.rel);
  ensureParentDirs(session, p);
  writeFileAtomic(p.abs, content, p.stat ? p.stat.mode & 0o777 : 0o644);
  return bytes;
}

function mutablePath(session: ToolSession, input: unknown): ResolvedPath {
  const p = resolveToolPath(session, input);
  assertMutable(p);
  return p;
}

export function writeFile(session: ToolSession, args: { path: string; content: string }): string {
  if (typeof args.content !== "string") throw new ToolError("content must be a string");
  const p = mutablePath(session, args.path);
  const existed = p.stat !== undefined;
  const bytes = writeChecked(session, p, args.content);
  return `${existed ? "overwrote" : "created"} ${p.rel} (${bytes} bytes)`;
}

export function editFile(session: ToolSession, args: { path: string; oldText: string; newText: string; replaceAll?: boolean }): string {
  if (typeof args.oldText !== "string" || args.oldText.length === 0) throw new ToolError("oldText must be a non-empty string");
  if (typeof args.newText !== "string") throw new ToolError("newText must be a string");
  const p = mutablePath(session, args.path);
  const { text } = readTextFile(session, args.path);
  const count = text.split(args.oldText).length - 1;
  if (count === 0) throw new ToolError(`oldText not found in ${p.rel}; read the file and copy the text exactly`);
  if (count > 1 && !args.replaceAll) throw new ToolError(`oldText occurs ${count} times in ${p.rel}; add surrounding text to make it unique or set replaceAll`);
  const next = args.replaceAll ? text.split(args.oldText).join(args.newText) : text.replace(args.oldText, () => args.newText);
  writeChecked(session, p, next);
  return `edited ${p.rel} (${count} replacement${count === 1 ? "" : "s"})`;
}

export function applyPatchToFile(session: ToolSession, args: { path: string; patch: string }): string {
  if (typeof args.patch !== "string") throw new ToolError("patch must be a string");
  const p = mutablePath(session, args.path);
  const original = p.stat ? readTextFile(session, args.path).text : null;
  const next = applyUnifiedDiff(original, args.patch);
  writeChecked(session, p, next);
  return `patched ${p.rel}`;
}

export function deletePath(session: ToolSession, args: { path: string; recursive?: boolean }): string {
  const p = mutablePath(session, args.path);
  if (!p.stat) throw new ToolError(`not found: ${p.rel}`);
  if (p.stat.isDirectory()) {
    const empty = fs.readdirSync(p.abs).length === 0;
    if (!empty && !args.recursive) throw new ToolError(`${p.rel} is a non-empty folder; set recursive to delete it and everything in it`);
    session.recordTouch(p.rel);
    fs.rmSync(p.abs, { recursive: true }); // rm never follows symlinks inside; it unlinks them
    return `deleted folder ${p.rel}`;
  }
  session.recordTouch(p.rel);
  fs.unlinkSync(p.abs);
  return `deleted ${p.rel}`;
}

export function movePath(session: ToolSession, args: { from: string; to: string }): string {
  const from = mutablePath(session, args.from);
  const to = mutablePath(session, args.to);
  if (!from.stat) throw new ToolError(`not found: ${from.rel}`);
  if (to.stat) throw new ToolError(`destination exists: ${to.rel}; delete it first or pick another name`);
  if (from.stat.isDirectory() && (to.rel + "/").startsWith(from.rel + "/")) throw new ToolError(`cannot move ${from.rel} into itself`);
  session.recordTouch(from.rel);
  session.recordTouch(to.rel);
  ensureParentDirs(session, to);
  fs.renameSync(from.abs, to.abs);
  return `moved ${from.rel} to ${to.rel}`;
}

/**
 * Creates a folder engram needs (its home, a DB's folder) one component at a time, so every failure
 * becomes an `EngramError` that names the path and where it came from, never a stack trace.
 *
 * Why not `mkdirSync(dir, { recursive: true })`: it reports `EEXIST` when a component is a file
 * (`ENGRAM_HOME=/etc/passwd`) and loops forever on some virtual file systems (`/proc/foo`), where
 * mkdir says ENOENT for a parent that `stat` says exists.
 */
import fs from "node:fs";
import path from "node:path";
import { EngramError } from "../errors.js";

/**
 * Makes sure `dir` is a folder, creating it and any missing parents.
 * `what` names where the path came from, e.g. "ENGRAM_HOME": it starts every message.
 */
export function ensureDir(dir: string, what: string): void {
  for (const component of missingComponents(dir, what)) {
    try {
      fs.mkdirSync(component);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && fs.statSync(component, { throwIfNoEntry: false })?.isDirectory()) continue; // another process made it
      throw new EngramError(
        "cannot_create_folder",
        `${what} is ${path.resolve(dir)}, which cannot be created: ${describeErrno(code)} at ${component}`,
        { hint: `point ${what} at a folder you can write to`, cause },
      );
    }
  }
}

/**
 * Checks without creating anything that `dir` is a folder or could be one (its nearest existing
 * ancestor is a folder); returns the components still missing, outermost first.
 */
export function missingComponents(dir: string, what: string): string[] {
  const target = path.resolve(dir);
  const missing: string[] = [];
  let current = target;
  let st: fs.Stats | undefined;
  for (;;) {
    st = statOrUndefined(current, target, what);
    if (st !== undefined) break;
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break; // the root itself is missing: mkdir below reports it
    current = parent;
  }
  if (st !== undefined && !st.isDirectory()) {
    throw new EngramError(
      "not_a_folder",
      current === target
        ? `${what} is ${target}, which is a file, not a folder`
        : `${what} is ${target}, which cannot be created: ${current} is a file, not a folder`,
      { hint: `point ${what} at a folder (or a path where one can be created)` },
    );
  }
  return missing;
}

function statOrUndefined(p: string, target: string, what: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") {
      // a parent of `p` is a file: keep walking up to find and name it
      return undefined;
    }
    throw new EngramError("cannot_create_folder", `${what} is ${target}, which cannot be used: ${describeErrno(code)} at ${p}`, {
      hint: `point ${what} at a folder you can write to`,
      cause,
    });
  }
}

function describeErrno(code: string | undefined): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "the parent folder does not accept new folders";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    case "ENOTDIR":
      return "a parent is a file, not a folder";
    default:
      return code ?? "unknown error";
  }
}

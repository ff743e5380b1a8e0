import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDir } from "./ensureDir.js";
import { EngramError } from "../errors.js";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "engram-ensuredir-"));
}

test("creates every missing component and accepts an existing folder", () => {
  const root = tmp();
  try {
    const dir = path.join(root, "a", "b", "c");
    ensureDir(dir, "ENGRAM_HOME");
    assert.ok(fs.statSync(dir).isDirectory());
    ensureDir(dir, "ENGRAM_HOME"); // idempotent
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a file where the folder should be is a user error naming the path and the variable", () => {
  const root = tmp();
  try {
    const file = path.join(root, "f");
    fs.writeFileSync(file, "x");
    assert.throws(() => ensureDir(file, "ENGRAM_HOME"), (e: unknown) => {
      assert.ok(e instanceof EngramError);
      assert.equal(e.message, `ENGRAM_HOME is ${file}, which is a file, not a folder`);
      return true;
    });
    const below = path.join(file, "x", "y");
    assert.throws(() => ensureDir(below, "ENGRAM_HOME"), (e: unknown) => {
      assert.ok(e instanceof EngramError);
      assert.equal(e.message, `ENGRAM_HOME is ${below}, which cannot be created: ${file} is a file, not a folder`);
      return true;
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a folder mkdir refuses (/proc) fails at once instead of looping", { skip: !fs.existsSync("/proc/self") }, () => {
  assert.throws(() => ensureDir("/proc/engram-test/x", "ENGRAM_HOME"), (e: unknown) => {
    assert.ok(e instanceof EngramError);
    assert.match(e.message, /^ENGRAM_HOME is \/proc\/engram-test\/x, which cannot be created: .* at \/proc\/engram-test$/);
    return true;
  });
});

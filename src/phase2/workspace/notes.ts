/**
 * Explicit "remember this" notes (`engram remember`): one Markdown file per note under
 * `extensions/ad_hoc/notes/`, which the next consolidation sees in its diff and must fold in.
 * Writing a note into a prepared folder never touches git or the diff file, so it is safe while a
 * consolidation runs.
 */
import fs from "node:fs";
import path from "node:path";
import { EngramError } from "../../errors.js";
import { redactSecrets } from "../../redact/redact.js";
import { AD_HOC_NOTES_DIRNAME, GIT_DIRNAME } from "../layout.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { assertUsableRoot, prepareWorkspace } from "./prepare.js";

/** Words of the note kept in its file name, so a listing says what each note is about. */
const NOTE_SLUG_MAX_CHARS = 40;

/** `2026-05-01T09-30-00-prefer-pnpm-over-npm.md` (UTC). Pure. */
export function adHocNoteFileName(at: Date, text: string): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, "-");
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, NOTE_SLUG_MAX_CHARS).replace(/^-+|-+$/g, "");
  return `${stamp}${slug ? `-${slug}` : ""}.md`;
}

/**
 * Writes the note (secrets redacted, atomic, never overwriting one); returns its path relative to
 * `root`. A folder without history is prepared first: preparing commits what is already there as
 * the baseline, and a note must come after it to reach the first consolidation's diff.
 */
export async function writeAdHocNote(root: string, text: string, at: Date = new Date()): Promise<string> {
  const body = redactSecrets(text.trim()); // before the slug too: a secret must not reach the file name
  if (body.length === 0) {
    throw new EngramError("note_empty", "the note is empty", { hint: 'Pass the text to remember, e.g. engram remember "I prefer pnpm".' });
  }
  assertUsableRoot(root);
  if (!fs.existsSync(path.join(root, GIT_DIRNAME))) await prepareWorkspace(root);
  const dir = path.join(root, AD_HOC_NOTES_DIRNAME);
  fs.mkdirSync(dir, { recursive: true });
  const base = adHocNoteFileName(at, body);
  let name = base;
  for (let n = 2; fs.existsSync(path.join(dir, name)); n++) name = base.replace(/\.md$/, `-${n}.md`);
  writeFileAtomic(path.join(dir, name), `${body}\n`);
  return `${AD_HOC_NOTES_DIRNAME}/${name}`;
}

/**
 * Character caps applied to every text taken from a rollout BEFORE any tokenizer call (pure).
 *
 * A single rollout line can hold a 150 MB user message, tool output or patch. Tokenising or copying
 * that whole string aborts V8 ("invalid size error") and costs gigabytes; a transcript item never keeps
 * more than its token cap anyway. So each text is first cut by characters to a bound derived from its
 * token cap (MAX_CHARS_PER_TOKEN × tokens: more characters than the cap could ever need), keeping the
 * head and the tail, and only then counted or token-truncated.
 */
import { MAX_CHARS_PER_TOKEN } from "./constants.js";

/** Characters an item capped at `maxTokens` tokens may keep before it is token-counted. */
export function charBoundForTokens(maxTokens: number): number {
  return Math.max(1, Math.floor(maxTokens)) * MAX_CHARS_PER_TOKEN;
}

/** `text` unchanged when it has at most `maxChars` characters; else its head and tail around a marker
 *  saying how many characters were cut, `maxChars` characters in all (so capping again is a no-op).
 *  Copies at most `maxChars` characters of the input. */
export function capChars(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // The marker's length with the longest count it could hold, so the result never exceeds maxChars.
  const keep = Math.max(0, Math.floor(maxChars) - marker(text.length).length);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  // Slicing on a surrogate pair boundary would leave half a character: step back/forward one.
  const headEnd = isLowSurrogate(text.charCodeAt(head)) ? head - 1 : head;
  const tailStart = isLowSurrogate(text.charCodeAt(text.length - tail)) ? text.length - tail + 1 : text.length - tail;
  return text.slice(0, headEnd) + marker(tailStart - headEnd) + (tail > 0 ? text.slice(tailStart) : "");
}

function marker(cutChars: number): string {
  return `\n…[${cutChars} chars cut]…\n`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `value` (a parsed rollout line) with every string longer than `maxChars` cut by capChars, so a
 *  job keeps no giant string alive while it renders. Returns `value` itself when nothing is that long. */
export function capLongStrings<T>(value: T, maxChars: number): T {
  if (typeof value === "string") return (value.length > maxChars ? capChars(value, maxChars) : value) as T;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((v, i) => {
      const capped = capLongStrings(v, maxChars);
      if (capped !== v) (copy ??= [...value])[i] = capped;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const capped = capLongStrings(v, maxChars);
    if (capped !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = capped;
  }
  return (copy ?? value) as T;
}

/**
 * Token counting and middle truncation with a real tokenizer (o200k_base, gpt-tokenizer).
 * Special-token text such as `<|endoftext|>` in a rollout is counted as plain text, never an error.
 */
import { countTokens as countO200k, encode, decode } from "gpt-tokenizer/encoding/o200k_base";

const PLAIN = { disallowedSpecial: new Set<string>() } as const;

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countO200k(text, PLAIN);
}

/**
 * Keeps the head and the tail of `text` within `maxTokens`, with a marker saying how much of the middle
 * was cut. Returns the text unchanged when it fits.
 */
export function truncateMiddle(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  const tokens = encode(text, PLAIN);
  if (tokens.length <= maxTokens) return text;
  const marker = (n: number) => `\n…[${n} tokens cut]…\n`;
  const markerCost = countTokens(marker(tokens.length));
  const keep = Math.max(0, maxTokens - markerCost);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  const cut = tokens.length - head - tail;
  return decode(tokens.slice(0, head)) + marker(cut) + (tail > 0 ? decode(tokens.slice(tokens.length - tail)) : "");
}

import { EngramError } from "../errors.js";

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 7 * 86_400 };

/**
 * `--since` as Unix seconds: a duration back from `now` (`30m`, `12h`, `7d`, `2w`) or an ISO date/time
 * (`2026-11-23`, `2026-11-23T10:00:00Z`). Throws EngramError naming the value otherwise.
 */
export function parseSince(text: string, now: number): number {
  const value = text.trim();
  const duration = /^(\d+)\s*([mhdw])$/i.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_SECONDS[duration[2]!.toLowerCase()]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new EngramError("invalid_since", `--since ${JSON.stringify(text)} is neither an ISO date nor a duration`, {
    hint: "use e.g. --since 7d, --since 12h, --since 30m or --since 2026-11-23",
  });
}

/**
 * Finding the user's prompt in a rollout line (pure). Codex 0.169 writes no `event_msg`
 * `user_message`: the prompt is an `event_msg` `item_completed` whose `item.type` is `UserMessage`,
 * and a `response_item` `message` with role `user` (which also carries harness fragments such as
 * `<environment_context>`). Older Codex versions write `event_msg` `user_message`. All three count.
 */
import { isHarnessFragment } from "./fragments.js";

/** IDE clients prepend context; the user's words follow this marker (Codex's USER_MESSAGE_BEGIN). */
export const USER_MESSAGE_BEGIN_MARKER = "## My request for Codex:";
/** Cap on the stored first message: enough to show intent, bounded for the threads row. */
export const FIRST_USER_MESSAGE_MAX_CHARS = 4000;
/** What an image-only prompt is shown as (Codex's convention); its title stays empty. */
export const IMAGE_ONLY_MESSAGE = "[Image]";

export interface UserMessage {
  firstUserMessage: string;
  /** The same text as `firstUserMessage` (Codex 0.169 stores the whole prompt as title), "" if image-only. */
  title: string;
  /** True only for an `event_msg` `user_message`: Codex's `has_user_event` (0 for 0.169 rollouts). */
  isUserMessageEvent: boolean;
}

/** The user prompt carried by this line, or null when the line is not one (or is harness-only). */
export function userMessageFromLine(type: string, payload: Record<string, unknown>): UserMessage | null {
  if (type === "event_msg") {
    if (payload.type === "user_message") {
      const text = typeof payload.message === "string" ? payload.message : "";
      const hasImage = nonEmptyArray(payload.images) || nonEmptyArray(payload.local_images);
      const message = toUserMessage(text, hasImage);
      return message === null ? null : { ...message, isUserMessageEvent: true };
    }
    if (payload.type === "item_completed") {
      const item = payload.item;
      if (!isObject(item) || item.type !== "UserMessage") return null;
      return fromContent(item.content, "text", true);
    }
    return null;
  }
  if (type === "response_item" && payload.type === "message" && payload.role === "user") {
    return fromContent(payload.content, "input_text", false);
  }
  return null;
}

/** Joins the text items that are not harness fragments; non-text items count as images. */
function fromContent(content: unknown, textType: string, imageOnlyCounts: boolean): UserMessage | null {
  if (typeof content === "string") return isHarnessFragment(content) ? null : toUserMessage(content, false);
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  let hasImage = false;
  for (const item of content) {
    if (!isObject(item)) continue;
    if (item.type === textType && typeof item.text === "string") {
      if (!isHarnessFragment(item.text)) texts.push(item.text);
    } else if (typeof item.type === "string" && item.type.includes("image")) {
      hasImage = true;
    }
  }
  return toUserMessage(texts.join("\n"), imageOnlyCounts && hasImage);
}

function toUserMessage(raw: string, hasImage: boolean): UserMessage | null {
  const marker = raw.indexOf(USER_MESSAGE_BEGIN_MARKER);
  const text = (marker === -1 ? raw : raw.slice(marker + USER_MESSAGE_BEGIN_MARKER.length)).trim();
  if (text === "") return hasImage ? { firstUserMessage: IMAGE_ONLY_MESSAGE, title: "", isUserMessageEvent: false } : null;
  const capped = capChars(text, FIRST_USER_MESSAGE_MAX_CHARS);
  return { firstUserMessage: capped, title: capped, isUserMessageEvent: false };
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function capChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

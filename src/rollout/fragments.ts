/**
 * Harness fragments: text Codex injects into `user` messages that the user did not type
 * (environment context, permission XML, AGENTS.md instructions, skill blocks, sub-agent notices…).
 * They are not the user's prompt (so never a thread title) and are noise for memory extraction.
 */

/** Opening tags/prefixes of harness-injected user-message text, compared case-insensitively after trimming. */
const HARNESS_PREFIXES = [
  "<environment_context>",
  "<permissions instructions>",
  "<permissions_instructions>",
  "<user_instructions>",
  "<developer_instructions>",
  "<skill>",
  "<skills_instructions>",
  "<subagent_notification>",
  "<turn_aborted>",
  "<user_shell_command>",
  "<collaboration_mode>",
  "<apps_instructions>",
  "<filesystem>",
  "# agents.md instructions for ",
];

export function isHarnessFragment(text: string): boolean {
  const t = text.trimStart().slice(0, 64).toLowerCase();
  return HARNESS_PREFIXES.some((p) => t.startsWith(p));
}

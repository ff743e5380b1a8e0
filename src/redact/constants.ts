/** The text that replaces every secret value. Other modules import it through redact.ts. */
export const REDACTED = "[REDACTED_SECRET]";

/**
 * Minimum Shannon entropy, in bits per character, for a value assigned to a name that only *contains* a
 * secret-ish word (MY_SERVICE_KEY, signingKeyMaterial). Random base62/base64 strings of 16+ chars score
 * 3.5–4.5; random hex of 32+ chars scores ~3.8; words, paths and version strings mostly score below 3.
 */
export const ENTROPY_MIN_BITS_PER_CHAR = 3.0;

/** Minimum length (chars) of a high-entropy value under a secret-ish name: shorter values are ids, not keys. */
export const ENTROPY_MIN_VALUE_CHARS = 16;

/** Minimum length (chars) of a value assigned to an explicit password name (password, passwd, pwd, pass). */
export const PASSWORD_MIN_VALUE_CHARS = 6;

/** Minimum length (chars) of a value assigned to an explicit token/secret/api-key name (Codex uses 8). */
export const SECRET_MIN_VALUE_CHARS = 8;

/** Longest value (chars) the assignment scanner reads after a name; bounds work per name on huge inputs. */
export const ASSIGNMENT_VALUE_MAX_CHARS = 4096;

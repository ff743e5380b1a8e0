/**
 * Secret redaction. CONTRACT (owned by src/redact/): `redactSecrets(text)` returns the text with every
 * credential-looking value replaced by `[REDACTED_SECRET]`. Pure, fast, idempotent.
 * (A first rule set; the full rule set and its corpus tests replace this.)
 */
export const REDACTED = "[REDACTED_SECRET]";

export function redactSecrets(text: string): string {
  return text
    .replace(/\bsk-[A-Za-z0-9_-]{20,}/g, REDACTED)
    .replace(/\bAKIA[0-9A-Z]{16}\b/g, REDACTED)
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{16,}/gi, `$1 ${REDACTED}`);
}

/**
 * Exact length and prefix boundaries of the redaction rules that the corpora do not pin: the minimum
 * value lengths of the assignment scanner, comparisons, and the shortest/rarer vendor token forms.
 * (Each case here kills a mutation that survived the mutation audit.)
 */
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import { REDACTED, redactSecrets } from "./redact.js";

const ALNUM_36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

describe("redaction rule boundaries", () => {
  const redacted: [string, string][] = [
    ["DB_PASSWORD=hunt3r", `DB_PASSWORD=${REDACTED}`], // exactly PASSWORD_MIN_VALUE_CHARS (6)
    ["API_TOKEN=a1b2c3d4", `API_TOKEN=${REDACTED}`], // exactly SECRET_MIN_VALUE_CHARS (8)
    ["MY_SERVICE_KEY=Zx8qL2mN9pR4tV7w", `MY_SERVICE_KEY=${REDACTED}`], // exactly ENTROPY_MIN_VALUE_CHARS (16)
    ["key sk-AbCdEf0123456789GhIjKl9 end", `key ${REDACTED} end`], // a short sk- key (20+ chars after sk-)
    [`ghs_${ALNUM_36}`, REDACTED], // GitHub server-to-server token
    [`ghr_${ALNUM_36}`, REDACTED], // GitHub refresh token
  ];
  for (const [input, expected] of redacted) {
    it(`redacts ${JSON.stringify(input)}`, () => assert.equal(redactSecrets(input), expected));
  }

  const kept = [
    "DB_PASSWORD=hunt3", // one char under the password minimum
    "API_TOKEN=a1b2c3d", // one char under the secret minimum, too short for the entropy rule
    "if password==hunter22x then", // a comparison, not an assignment
  ];
  for (const input of kept) {
    it(`leaves ${JSON.stringify(input)} unchanged`, () => assert.equal(redactSecrets(input), input));
  }
});

test("a vendor key glued to a word by '-' or '_' is still redacted (slugs, file names)", () => {
  const openai = `sk-proj-${"Qw3Er4Ty5Ui6".repeat(3)}`;
  const github = `ghp_${"aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"}`;
  const text = `deploy-${openai}-to-prod and backups/backup_${github}.tar`;
  const out = redactSecrets(text);
  assert.ok(!out.includes(openai.slice(8)), out);
  assert.ok(!out.includes(github.slice(4)), out);
  assert.ok(out.startsWith("deploy-[REDACTED_SECRET]"), out);
  assert.ok(out.includes("backups/backup_[REDACTED_SECRET]"), out);
});

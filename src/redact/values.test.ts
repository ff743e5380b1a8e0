import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isPlaceholder, looksHighEntropy, looksLikeCode, looksLikeWordyIdentifier, shannonEntropy } from "./values.js";

describe("value predicates", () => {
  it("measures Shannon entropy in bits per character", () => {
    assert.equal(shannonEntropy(""), 0);
    assert.equal(shannonEntropy("aaaa"), 0);
    assert.equal(shannonEntropy("abcd"), 2);
    assert.equal(shannonEntropy("0123456789abcdef"), 4);
  });

  it("tells random keys from wordy identifiers", () => {
    assert.equal(looksLikeWordyIdentifier("JsonSchema7RecordPropertyNamesType"), true);
    assert.equal(looksLikeWordyIdentifier("k8sServiceAccountTokenProvider"), true);
    assert.equal(looksLikeWordyIdentifier("Zx8qL2mN9pR4tV7wY1bC"), false);
    assert.equal(looksHighEntropy("Zx8qL2mN9pR4tV7wY1bC", 16, 3), true);
    assert.equal(looksHighEntropy("src/components/Button2.tsx", 16, 3), false);
    assert.equal(looksHighEntropy("550e8400-e29b-41d4-a716-446655440000", 16, 3), false);
    assert.equal(looksHighEntropy("aaaaaaaaaaaaaaaa1", 16, 3), false);
  });

  it("recognises placeholders and code expressions", () => {
    for (const v of ["<your-password>", "${TOKEN}", "{{ secrets.X }}", "xxxxxxxx", "********", "[REDACTED_SECRET]", "%s"]) assert.equal(isPlaceholder(v), true, v);
    for (const v of ["getToken()", "config.apiKey", "confirmPassword", "API_TOKEN", "null", "os.environ[\"K\"]"]) assert.equal(looksLikeCode(v), true, v);
    for (const v of ["hunter2hunter2", "mysecretpassword", "S3cr3t!x"]) assert.equal(looksLikeCode(v) || isPlaceholder(v), false, v);
  });
});

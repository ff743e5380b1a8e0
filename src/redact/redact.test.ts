import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LOOKALIKES } from "../../test/fixtures/redaction/lookalikeCorpus.js";
import { buildSecretCorpus } from "../../test/fixtures/redaction/secretCorpus.js";
import { REDACTED, SECRET_RULES, findSecrets, redactJsonValue, redactSecrets } from "./redact.js";

const SECRETS = buildSecretCorpus();

describe("redactSecrets: secret corpus", () => {
  it("holds at least 100 secrets of at least 20 kinds", () => {
    assert.ok(SECRETS.length >= 100, `only ${SECRETS.length} secrets`);
    assert.ok(new Set(SECRETS.map((c) => c.kind)).size >= 20);
  });

  it("removes every secret value and keeps its context (key names, hosts, syntax)", () => {
    const failures: string[] = [];
    for (const c of SECRETS) {
      const out = redactSecrets(c.context);
      if (out.includes(c.secret)) failures.push(`${c.kind}: value survived in ${JSON.stringify(out)}`);
      if (!out.includes(REDACTED)) failures.push(`${c.kind}: no marker in ${JSON.stringify(out)}`);
      for (const keep of c.keep) if (!out.includes(keep)) failures.push(`${c.kind}: lost ${JSON.stringify(keep)} in ${JSON.stringify(out)}`);
    }
    assert.deepEqual(failures, []);
  });

  it("reports every corpus secret through findSecrets with a span inside the text", () => {
    for (const c of SECRETS) {
      const found = findSecrets(c.context);
      assert.ok(found.length > 0, c.kind);
      for (const f of found) assert.ok(f.start >= 0 && f.start < f.end && f.end <= c.context.length);
    }
  });
});

describe("redactSecrets: look-alikes", () => {
  it("holds at least 60 look-alikes", () => assert.ok(LOOKALIKES.length >= 60));

  it("leaves every look-alike byte-for-byte unchanged", () => {
    const changed = LOOKALIKES.filter((text) => redactSecrets(text) !== text).map((text) => `${text} → ${redactSecrets(text)}`);
    assert.deepEqual(changed, []);
  });
});

describe("redactSecrets: exact outputs", () => {
  const cases: [string, string][] = [
    ["postgres://app:hunter2pw@db:5432/x", `postgres://app:${REDACTED}@db:5432/x`],
    ["Authorization: Bearer abc123def456ghi789jkl", `Authorization: Bearer ${REDACTED}`],
    ['{"password": "s3cret-pass"}', `{"password": "${REDACTED}"}`],
    ["password = mysecret123456", `password = ${REDACTED}`],
    ["MY_SERVICE_KEY=Zx8qL2mN9pR4tV7wY1bC", `MY_SERVICE_KEY=${REDACTED}`],
    ["--password=Tr0ub4dor --verbose", `--password=${REDACTED} --verbose`],
    ["bot 1234567890:AAabcdefghijklmnopqrstuvwxyz0123456 ok", `bot 1234567890:${REDACTED} ok`],
    ["a -----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY----- b", `a ${REDACTED} b`],
  ];
  for (const [input, expected] of cases) {
    it(`redacts ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => assert.equal(redactSecrets(input), expected));
  }

  it("redacts a truncated private key block that has no END line", () => {
    const out = redactSecrets("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n");
    assert.ok(!out.includes("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"));
  });

  it("merges overlapping findings into one replacement", () => {
    const token = "ghp_" + "a1B2c3D4e5".repeat(4);
    assert.equal(redactSecrets(`GITHUB_TOKEN=${token}`), `GITHUB_TOKEN=${REDACTED}`);
    assert.deepEqual(findSecrets(`GITHUB_TOKEN=${token}`).map((f) => f.ruleId), ["github-token"]);
  });
});

describe("redactSecrets: idempotence and edges", () => {
  it("returns the empty string for empty input", () => {
    assert.equal(redactSecrets(""), "");
    assert.deepEqual(findSecrets(""), []);
  });

  it("is idempotent: redacting twice equals redacting once, for every corpus entry", () => {
    for (const c of SECRETS) {
      const once = redactSecrets(c.context);
      assert.equal(redactSecrets(once), once, c.kind);
      assert.deepEqual(findSecrets(once), [], c.kind);
    }
  });

  it("redacts 1 MB of ordinary transcript text well under a second", () => {
    const line = '{"type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Ran npm test: 42 passing. The tokenizer counts input_tokens; see src/auth/session.ts line 12, commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39."}]}}\n';
    const text = line.repeat(Math.ceil(1_000_000 / line.length));
    const started = performance.now();
    assert.equal(redactSecrets(text), text);
    assert.ok(performance.now() - started < 500, "1 MB took too long");
  });

  it("runs every rule over a 100 KB adversarial string quickly (no catastrophic backtracking)", () => {
    const adversarial = [
      "a".repeat(100_000), "=".repeat(100_000), "sk-".repeat(33_000), "-----BEGIN RSA PRIVATE KEY-----".repeat(3_300),
      "-----BEGIN " + "A ".repeat(50_000), "://a:".repeat(20_000), "password=".repeat(11_000), "ghp_".repeat(25_000),
      "eyJa.".repeat(20_000), "Bearer ".repeat(14_000), "a:b@".repeat(25_000), "M".repeat(24) + ".abcdef".repeat(14_000),
      "1234567890:AA".repeat(7_700), "x-api-key: \"".repeat(8_000), "AccountKey=" + "A".repeat(100_000), "0".repeat(100_000),
    ];
    for (const text of adversarial) {
      for (const rule of SECRET_RULES) {
        const started = performance.now();
        rule.find(text, []);
        const ms = performance.now() - started;
        assert.ok(ms < 200, `${rule.id} took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 20))}…`);
      }
    }
  });
});

describe("redactJsonValue", () => {
  it("redacts every string in nested objects and arrays and keeps other values", () => {
    const key = "sk-proj-" + "Ab1Cd2Ef3Gh4".repeat(3);
    const input = { title: `use ${key}`, n: 3, ok: true, nil: null, list: ["plain", `Bearer ${key}`], nested: { password: "hunter22", user: "bob" } };
    assert.deepEqual(redactJsonValue(input), {
      title: `use ${REDACTED}`, n: 3, ok: true, nil: null, list: ["plain", `Bearer ${REDACTED}`], nested: { password: REDACTED, user: "bob" },
    });
    assert.equal(input.nested.password, "hunter22", "input is not mutated");
  });

  it("keeps placeholders and code-like values under secret-named keys", () => {
    const input = { password: "${DB_PASSWORD}", token: "GITHUB_TOKEN", apiKey: "<your-api-key>", commit_hash: "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39" };
    assert.deepEqual(redactJsonValue(input), input);
  });
});

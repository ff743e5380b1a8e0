/** Rules that depend on surrounding syntax: key blocks, URL passwords, auth headers, curl -u. */
import { hasDigitAndLetter, regexRule } from "./regexRule.js";
import type { SecretFinding, SecretRule } from "./types.js";
import { isPlaceholder } from "./values.js";

const KEY_BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_END = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** Body of a block with no END line (truncated output): base64, whitespace and escaped newlines. */
const KEY_BODY = /[A-Za-z0-9+/=\s\\:-]*/y;

/** Whole PEM/OpenSSH/PGP private key blocks, BEGIN to END. Linear: each END search starts after the last. */
function findPrivateKeyBlocks(text: string, out: SecretFinding[]): void {
  const begin = KEY_BEGIN; // compiled once; find() is synchronous, so resetting lastIndex is enough
  const end = KEY_END;
  const body = KEY_BODY;
  begin.lastIndex = 0;
  let endsExhausted = false;
  let m: RegExpExecArray | null;
  while ((m = begin.exec(text)) !== null) {
    const headerEnd = m.index + m[0].length;
    let blockEnd = -1;
    if (!endsExhausted) {
      end.lastIndex = headerEnd;
      const e = end.exec(text);
      if (e === null) endsExhausted = true;
      else blockEnd = e.index + e[0].length;
    }
    if (blockEnd < 0) {
      body.lastIndex = headerEnd;
      const b = body.exec(text);
      blockEnd = headerEnd + (b?.[0].length ?? 0);
    }
    out.push({ ruleId: "private-key-block", start: m.index, end: blockEnd });
    begin.lastIndex = blockEnd;
  }
}

const URL_USERINFO = /\/\/[^\s:@/?#"'<>\\]*:([^\s/"'<>\\]+)@(?=[^\s@/"'<>\\]*[A-Za-z0-9\]])/y;

/** Passwords in `scheme://user:password@host` (user, host, port, path kept). One sticky match per `://`. */
function findUrlPasswords(text: string, out: SecretFinding[]): void {
  const userinfo = URL_USERINFO;
  for (let i = text.indexOf("://"); i >= 0; i = text.indexOf("://", i + 3)) {
    if (i === 0 || !/[A-Za-z0-9]/.test(text[i - 1] as string)) continue;
    userinfo.lastIndex = i + 1;
    const m = userinfo.exec(text);
    if (m === null) continue;
    const password = m[1] as string;
    if (isPlaceholder(password) || password.startsWith("$")) continue;
    const end = i + 1 + m[0].length - 1; // just before "@"
    out.push({ ruleId: "url-password", start: end - password.length, end });
  }
}

export const CONTEXT_RULES: readonly SecretRule[] = [
  { id: "private-key-block", description: "whole -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY----- blocks (RSA, EC, DSA, OPENSSH, PGP, ENCRYPTED)",
    requires: ["PRIVATE KEY"], find: findPrivateKeyBlocks },
  { id: "url-password", description: "password in scheme://user:password@host URLs and connection strings (user and host kept)",
    requires: ["://"], find: findUrlPasswords },
  regexRule({ id: "curl-user-password", description: "password in curl -u/--user user:password (user kept)",
    requires: ["-u", "--user"], pattern: /(?<keep>(?:^|[ \t])(?:-u|--user)[ \t]+["']?[^\s:"']+:)[^\s"'@]+/g,
    accept: (v) => !isPlaceholder(v) }),
  regexRule({ id: "authorization-header", description: "credential in Authorization headers: Bearer/Basic/Token/Bot/ApiKey <value> (scheme kept)",
    requires: ["authoriz"], lowercase: true,
    pattern: /(?<keep>\bauthorization\\?["']?[ \t]*[:=][ \t]*\\?["']?[ \t]*(?:(?:bearer|basic|token|bot|digest|apikey|sso-key)[ \t]+)?)[^\s"'\\,;]+/gi,
    accept: (v) => v.length >= 8 && !isPlaceholder(v) && !/^(?:bearer|basic|token)$/i.test(v) }),
  regexRule({ id: "bearer-token", description: "Bearer <token> anywhere (≥16 chars with a digit and a letter)",
    requires: ["earer"], pattern: /(?<keep>\b[Bb]earer[ \t]+)[A-Za-z0-9._~+/-]{16,}=*/g, accept: hasDigitAndLetter }),
];

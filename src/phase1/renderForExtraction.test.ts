import { test } from "node:test";
import assert from "node:assert/strict";
import type { RolloutLine } from "../rollout/types.js";
import { REDACTED } from "../redact/redact.js";
import { renderForExtraction } from "./renderForExtraction.js";

const item = (payload: unknown): RolloutLine => ({ type: "response_item", payload });
const KEY = "sk-proj0123456789abcdefghijklmnop";

test("secrets in tool output and user messages are redacted before the transcript leaves", () => {
  const chunks = renderForExtraction(
    [
      item({ type: "message", role: "user", content: [{ type: "input_text", text: `use key ${KEY} for the smoke test` }] }),
      item({ type: "function_call", name: "exec_command", call_id: "c", arguments: JSON.stringify({ cmd: "env | grep KEY" }) }),
      item({ type: "function_call_output", call_id: "c", output: `Process exited with code 0\nOutput:\nOPENAI_API_KEY=${KEY}\nAUTH=Bearer abcdefghijklmnopqrstuvwxyz012345\n` }),
    ],
    10_000,
  );
  assert.equal(chunks.length, 1);
  const text = chunks[0]!.text;
  assert.ok(!text.includes(KEY), "raw key must not survive");
  assert.ok(!text.includes("abcdefghijklmnopqrstuvwxyz012345"));
  assert.equal(text.split(REDACTED).length - 1, 3);
  assert.match(text, /\$ env \| grep KEY\nexit 0/);
  for (const it of chunks[0]!.items) assert.ok(!it.text.includes(KEY));
});

#!/usr/bin/env node
// The engram command. The CLI itself lives in src/cli/main.ts, compiled to dist/ by `npm run build`
// (which `npm install` / `npm ci` run through the `prepare` script).
import { main } from "../dist/cli/main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() handles every error it knows; reaching this is a bug.
    console.error(error);
    process.exitCode = 70;
  },
);

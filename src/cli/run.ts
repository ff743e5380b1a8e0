// Runs the CLI from source (development): `npx tsx src/cli/run.ts index`.
import { main } from "./main.js";

process.exitCode = await main(process.argv);

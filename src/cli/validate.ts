/**
 * npm run validate -- <file.json> [more.json ...]  (now `edge-router validate`, src/cli/commands/validate.ts)
 * Kept as an entry point for scripts that call this file directly.
 */
import { main } from "./main.ts";

process.exitCode = await main(["validate", ...process.argv.slice(2)]);

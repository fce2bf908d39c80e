/**
 * npm run validate -- [--json] <file.json> [more.json ...]
 * Validates edge documents the way the worker loads them; prints each issue with its JSON path;
 * exits 1 if any file is invalid. `--json`: one structured log line per file instead (the core
 * logger's format: `document_valid` with `version`, or `document_invalid` with `issues`).
 */
import { log } from "../core/log.ts";
import { checkFile } from "./check-file.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const files = args.filter((a) => a !== "--json");
if (files.length === 0) {
  console.error("usage: npm run validate -- [--json] <file.json> [more.json ...]");
  process.exit(2);
}
let failed = false;
for (const file of files) {
  const r = checkFile(file);
  if (!r.ok) failed = true;
  if (json) {
    if (r.ok) log.info("document_valid", { file, version: r.config.version, routes: r.routes });
    else log.error("document_invalid", { file, issues: r.issues });
  } else if (r.ok) console.log(r.summary);
  else console.error(r.report);
}
process.exit(failed ? 1 : 0);

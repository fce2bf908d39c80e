/**
 * npm run validate -- <file.json> [more.json ...]
 * Validates edge documents; prints each issue with its JSON path; exits 1 if any file is invalid.
 */
import { checkFile } from "./check-file.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run validate -- <file.json> [more.json ...]");
  process.exit(2);
}
let failed = false;
for (const f of files) {
  const r = checkFile(f);
  if (r.ok) console.log(r.summary);
  else {
    failed = true;
    console.error(r.report);
  }
}
process.exit(failed ? 1 : 0);

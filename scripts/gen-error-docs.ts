/** npm run docs:errors — regenerates the error tables in docs/worker.md from the error registry. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withErrorTables } from "../src/core/errors/docs.ts";

export const ERROR_DOC = join(import.meta.dirname, "..", "docs", "worker.md");

const before = readFileSync(ERROR_DOC, "utf8");
const after = withErrorTables(before);
if (after !== before) writeFileSync(ERROR_DOC, after);
console.log(`${ERROR_DOC}: error tables ${after === before ? "already up to date" : "regenerated"}`);

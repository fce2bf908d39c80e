import { type Change, diffDocuments } from "../../diff/diff.ts";
import type { Command } from "../lib/command.ts";
import { c, EXIT, printJson } from "../lib/output.ts";
import { loadDocument } from "../lib/read.ts";

const MARK: Record<Change["kind"], (s: string) => string> = {
  added: (s) => c.green(`+ ${s}`),
  removed: (s) => c.red(`- ${s}`),
  changed: (s) => c.yellow(`~ ${s}`),
  moved: (s) => c.blue(`↕ ${s}`),
};

export function formatChanges(changes: Change[]): string {
  if (changes.length === 0) return "no changes";
  return changes.map((ch) => `${MARK[ch.kind](ch.summary)}  ${c.dim(ch.path)}`).join("\n");
}

export const diff: Command = {
  name: "diff",
  summary: "semantic diff: virtual hosts, routes, pools, settings added/removed/changed/moved",
  usage: `edge-router diff OLD NEW [--exit-code] [--json]

Compares two documents by meaning, not by text: virtual hosts (by name), routes (by name, else by
their match), pools (by name) and settings, each added, removed, changed (field by field) or moved
(its place in match order changed), with its JSON path (in NEW; in OLD for removals).

Exit codes: 0 (with --exit-code: 0 no changes, 1 changes), 1 invalid document, 2 usage, 3 unreadable file.`,
  options: { "exit-code": { type: "boolean" } },
  positionals: [2, 2],
  async run(values, [oldFile, newFile]) {
    const a = loadDocument(oldFile!);
    const b = loadDocument(newFile!);
    const changes = diffDocuments(a.value, b.value);
    if (values.json) printJson({ changes });
    else console.log(formatChanges(changes));
    return values["exit-code"] && changes.length > 0 ? EXIT.INVALID : EXIT.OK;
  },
};

import type { Command } from "../lib/command.ts";
import { c, EXIT, printJson, UsageError } from "../lib/output.ts";
import { loadDocument, readText } from "../lib/read.ts";
import { parseSample } from "../lib/traffic.ts";
import { type WhatIfReport, whatIf } from "../lib/what-if.ts";

function format(r: WhatIfReport): string {
  const out = [
    `${r.total} request(s) replayed: ${r.unchanged} unchanged, ${r.changed ? c.yellow(`${r.changed} changed`) : "0 changed"}${r.skipped ? c.dim(` (${r.skipped} line(s) skipped: not requests)`) : ""}`,
  ];
  for (const g of r.groups) {
    out.push("");
    out.push(`${c.bold(String(g.count))} × ${g.changes.join(", ")}: ${c.red(g.from.route)} → ${c.green(g.to.route)}`);
    if (g.from.pools !== g.to.pools) out.push(`    pool     ${g.from.pools} → ${g.to.pools}`);
    if (g.from.outcome !== g.to.outcome) out.push(`    outcome  ${g.from.outcome} → ${g.to.outcome}`);
    for (const ex of g.examples) out.push(c.dim(`    e.g. ${ex}`));
  }
  return out.join("\n");
}

export const whatIfCommand: Command = {
  name: "what-if",
  summary: "replay a traffic sample through two documents: which requests change route, pool or outcome",
  usage: `edge-router what-if OLD NEW --traffic SAMPLE [--examples N] [--exit-code] [--json]

Replays every request of SAMPLE through OLD and NEW and reports the requests whose route, pool chain
or outcome (action, status, upstream path, policies) would change, grouped and counted, with examples.
SAMPLE is NDJSON ({"method","url","headers"} per line), the worker's access-log lines
({"method","url"} or {"method","host","path"}), or a HAR file.

Exit codes: 0 (with --exit-code: 0 nothing moves, 1 something moves), 1 invalid document, 2 usage, 3 unreadable file.`,
  options: { traffic: { type: "string" }, examples: { type: "string" }, "exit-code": { type: "boolean" } },
  positionals: [2, 2],
  async run(values, [oldFile, newFile]) {
    if (typeof values.traffic !== "string") throw new UsageError("--traffic SAMPLE is required");
    const examples = values.examples === undefined ? 3 : Number(values.examples);
    if (!Number.isInteger(examples) || examples < 0) throw new UsageError("--examples must be a whole number");
    const a = loadDocument(oldFile!);
    const b = loadDocument(newFile!);
    const sample = parseSample(readText(values.traffic));
    const report = whatIf(a.config, b.config, sample.requests, sample.skipped, examples);
    if (values.json) printJson(report);
    else console.log(format(report));
    return values["exit-code"] && report.changed > 0 ? EXIT.INVALID : EXIT.OK;
  },
};

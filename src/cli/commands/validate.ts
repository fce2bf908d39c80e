import { checkDocumentText } from "../lib/check-document.ts";
import type { Command } from "../lib/command.ts";
import { c, EXIT, printJson } from "../lib/output.ts";
import { formatProblems, readText } from "../lib/read.ts";

export const validate: Command = {
  name: "validate",
  summary: "check documents: every problem with JSON path, line:column and a hint",
  usage: `edge-router validate FILE... [--json]

Checks each file as the worker would before loading it: JSON syntax, schema, cross-references
(pools named by routes, unique names) and compilation (safe regexes, templates). All problems of
a file are reported in one pass, each as FILE:LINE:COLUMN JSON-PATH: message (hint).

Exit codes: 0 all valid, 1 some file invalid, 2 usage error, 3 a file could not be read.`,
  options: {},
  positionals: [1, Number.POSITIVE_INFINITY],
  async run(values, files) {
    const results = [];
    let code: number = EXIT.OK;
    for (const file of files) {
      let text: string;
      try {
        text = readText(file);
      } catch (e) {
        code = Math.max(code, EXIT.IO);
        results.push({ file, valid: false, error: (e as Error).message, problems: [] });
        if (!values.json) console.error(c.red((e as Error).message));
        continue;
      }
      const checked = checkDocumentText(text);
      if (checked.ok) {
        const cfg = checked.config;
        const routes = cfg.virtualHosts.reduce((n, v) => n + v.routes.length, 0);
        results.push({ file, valid: true, version: cfg.version, problems: [] });
        if (!values.json)
          console.log(
            `${c.green(`${file}: valid`)}, version "${cfg.version}": ${cfg.virtualHosts.length} virtual host(s), ${routes} route(s), ${Object.keys(cfg.pools).length} pool(s)${cfg.l4 ? ", l4 section" : ""}`,
          );
      } else {
        if (code === EXIT.OK) code = EXIT.INVALID;
        results.push({ file, valid: false, problems: checked.problems });
        if (!values.json) console.error(formatProblems(file, checked));
      }
    }
    if (values.json) printJson(results);
    return code;
  },
};

import { explainRequest } from "../../explain/explain.ts";
import type { Command } from "../lib/command.ts";
import { formatExplanation } from "../lib/format-explain.ts";
import { EXIT, printJson, UsageError } from "../lib/output.ts";
import { loadDocument } from "../lib/read.ts";

/** `-H 'name: value'` list into a header record (repeated names are joined with ", "). */
export function headersOf(list: string[], cookies: string[]): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of list) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new UsageError(`-H "${line}": expected 'name: value'`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    h[name] = h[name] === undefined ? value : `${h[name]}, ${value}`;
  }
  if (cookies.length > 0) h.cookie = [h.cookie, ...cookies].filter(Boolean).join("; ");
  return h;
}

export const explain: Command = {
  name: "explain",
  summary: "which virtual host and route a request takes, and why",
  usage: `edge-router explain FILE METHOD URL [-H 'name: value']... [--cookie 'a=b']... [--ip ADDR] [--country CC] [--json]

Shows the virtual host and the route chosen, each route tried before it with its first failing
condition (and that condition's JSON path), the policies that would run, the pool chain with its
origins, and the request as the origin would receive it (path after rewrites, headers).

  edge-router explain routes.json GET https://shop.example/api/v2/users -H 'accept-version: 1'

Exit codes: 0 explained (also when no route matches: see the output), 1 invalid document, 2 usage, 3 unreadable file.`,
  options: {
    header: { type: "string", short: "H", multiple: true },
    cookie: { type: "string", multiple: true },
    ip: { type: "string" },
    country: { type: "string" },
  },
  positionals: [3, 3],
  async run(values, [file, method, url]) {
    if (!URL.canParse(url!)) throw new UsageError(`"${url}" is not an absolute URL (https://host/path)`);
    const { config } = loadDocument(file!);
    const e = explainRequest(config, {
      method: method!,
      url: url!,
      headers: headersOf((values.header as string[]) ?? [], (values.cookie as string[]) ?? []),
      ...(typeof values.ip === "string" ? { ip: values.ip } : {}),
      ...(typeof values.country === "string" ? { country: values.country } : {}),
    });
    if (values.json) printJson(e);
    else console.log(formatExplanation(e));
    return EXIT.OK;
  },
};

import { ERROR_NAMESPACES, ERRORS, type ErrorNamespace, type ErrorSpec } from "./registry.ts";

const TITLES: Record<ErrorNamespace, string> = {
  edge: "Request path (`edge`)",
  config: "Route document (`config`): loading, admin API, CLI",
  admin: "Admin API access (`admin`)",
  relay: "L4 relay (`relay`): logged as `reason`, no HTTP answer",
};

export const ERRORS_BEGIN =
  "<!-- errors:begin (generated from src/core/errors/registry.ts by `npm run docs:errors`; do not edit) -->";
export const ERRORS_END = "<!-- errors:end -->";

function row(s: ErrorSpec): string {
  return `| ${s.status ?? "—"} | \`${s.code}\` | ${s.meaning.replaceAll("|", "\\|")} |`;
}

/** The error tables (Markdown), one per namespace, in registry order. */
export function errorTables(): string {
  const specs: ErrorSpec[] = Object.values(ERRORS);
  const out: string[] = [];
  for (const ns of ERROR_NAMESPACES) {
    out.push(`#### ${TITLES[ns]}`, "", "| Status | `code` | Meaning |", "| --- | --- | --- |");
    for (const s of specs) if (s.namespace === ns) out.push(row(s));
    out.push("");
  }
  return out.join("\n");
}

/** `doc` with the text between the markers replaced by the generated tables (throws without markers). */
export function withErrorTables(doc: string): string {
  const a = doc.indexOf("<!-- errors:begin");
  const b = doc.indexOf(ERRORS_END);
  if (a < 0 || b < a)
    throw new Error("the error table markers (<!-- errors:begin ... --> / <!-- errors:end -->) are missing");
  return `${doc.slice(0, a)}${ERRORS_BEGIN}\n\n${errorTables()}\n${doc.slice(b)}`;
}

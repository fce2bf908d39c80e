import { ERROR_MEANINGS } from "./meanings.ts";
import { ERROR_NAMESPACES, ERRORS, type ErrorNamespace } from "./registry.ts";

const TITLES: Record<ErrorNamespace, string> = {
  edge: "Request path (`edge`)",
  policy: "Policies (`policy`): refusals of a route's policy chain",
  config: "Route document (`config`): loading, admin API, CLI",
  admin: "Admin API access (`admin`)",
  relay: "L4 relay (`relay`): logged as `reason`, no HTTP answer",
};

export const ERRORS_BEGIN =
  "<!-- errors:begin (generated from src/core/errors/registry.ts by `npm run docs:errors`; do not edit) -->";
export const ERRORS_END = "<!-- errors:end -->";

/** A Markdown table with padded columns, as the formatter (Biome) writes it, so formatting the doc keeps it. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)];
}

/** The error tables (Markdown), one per namespace, in registry order. */
export function errorTables(): string {
  const specs = Object.values(ERRORS);
  const out: string[] = [];
  for (const ns of ERROR_NAMESPACES) {
    const rows = specs
      .filter((s) => s.namespace === ns)
      .map((s) => [String(s.status ?? "—"), `\`${s.code}\``, ERROR_MEANINGS[s.code].replaceAll("|", "\\|")]);
    out.push(`#### ${TITLES[ns]}`, "", ...table(["Status", "`code`", "Meaning"], rows), "");
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

/**
 * Validation for the CLI: every problem of a document in one pass (JSON syntax, schema,
 * cross-references, compilation), each with its JSON path, line and column in the file, and a
 * did-you-mean hint for unknown keys and unknown pool (or policy) names.
 */
import { compileRouteTable } from "../../router/compile.ts";
import { type EdgeConfig, parseEdgeConfig } from "../../schema/index.ts";
import { didYouMean } from "./did-you-mean.ts";
import { jsonPositions, positionOf, syntaxErrorPosition } from "./json-positions.ts";
import { allowedKeys } from "./schema-keys.ts";

export interface Problem {
  path: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export type Checked = { ok: true; config: EdgeConfig; value: unknown } | { ok: false; problems: Problem[] };

/** `$.a.b[2]["x-y"]` back into segments. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.slice(1).matchAll(re)) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3]!)));
  return out;
}

const childPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

const namesOf = (v: unknown, key: string): string[] => {
  const o = (v as Record<string, unknown> | null)?.[key];
  return typeof o === "object" && o !== null ? Object.keys(o) : [];
};

export function checkDocumentText(text: string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = `invalid JSON: ${(e as Error).message}`;
    return { ok: false, problems: [{ path: "$", ...syntaxErrorPosition(text, (e as Error).message), message }] };
  }
  const positions = jsonPositions(text);
  const at = (path: string) => positionOf(positions, path);
  const parsed = parseEdgeConfig(value);
  if (parsed.ok) {
    try {
      compileRouteTable(parsed.config);
    } catch (err) {
      return { ok: false, problems: [{ path: "$", ...at("$"), message: `compile failed: ${(err as Error).message}` }] };
    }
    return { ok: true, config: parsed.config, value };
  }
  const problems: Problem[] = [];
  for (const issue of parsed.issues) {
    const unknown = /^Unrecognized keys?: (.*)$/.exec(issue.message);
    if (unknown) {
      const allowed = allowedKeys(pathSegments(issue.path));
      for (const q of unknown[1]!.split(/, (?=")/)) {
        const key = JSON.parse(q) as string;
        const path = childPath(issue.path, key);
        const guess = didYouMean(key, allowed);
        problems.push({
          path,
          ...at(path),
          message: `unknown key "${key}"`,
          ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
        });
      }
      continue;
    }
    const p: Problem = { path: issue.path, ...at(issue.path), message: issue.message };
    const pool =
      /^pool "(.*)" is not defined$/.exec(issue.message) ??
      /^unknown pool "(.*)" \(not in l4\.pools\)$/.exec(issue.message);
    if (pool) {
      const names = issue.path.startsWith("$.l4")
        ? namesOf((value as { l4?: unknown }).l4, "pools")
        : namesOf(value, "pools");
      const guess = didYouMean(pool[1]!, names);
      p.hint = guess ? `did you mean "${guess}"?` : `defined pools: ${names.join(", ") || "(none)"}`;
    }
    const policy = /^policy "(.*)" is not defined$/.exec(issue.message);
    if (policy) {
      const guess = didYouMean(policy[1]!, namesOf(value, "policies"));
      if (guess) p.hint = `did you mean "${guess}"?`;
    }
    problems.push(p);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems };
}

import type * as z from "./kit/index.ts";

/** One problem in a config document, located by a JSON path such as `$.pools.api.origins[0].url`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export function jsonPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** The schema kit's issues (paths as segment arrays) as config issues with JSON paths. */
export function issuesFromSchema(error: { issues: ReadonlyArray<z.KitIssue> }): ConfigIssue[] {
  return error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
}

export function formatIssues(issues: ReadonlyArray<ConfigIssue>): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("\n");
}

import { readFileSync } from "node:fs";
import { loadDocument } from "../edge/load.ts";
import { type ConfigIssue, decodeDocumentBytes, type EdgeConfig, formatIssues } from "../schema/index.ts";

export type CheckResult =
  | { ok: true; config: EdgeConfig; summary: string; routes: number }
  | { ok: false; report: string; issues: ConfigIssue[] };

/** Reads and validates an edge document (as the worker loads it); the report names every problem by JSON path. */
export function checkFile(file: string): CheckResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const message = `cannot read: ${(e as Error).message}`;
    return { ok: false, report: `${file}: ${message}`, issues: [{ path: "$", message }] };
  }
  // The schema's one decode rule, then the worker's own parse + compile path: valid here means the worker will load it.
  const decoded = decodeDocumentBytes(bytes);
  const parsed = decoded.ok ? loadDocument(decoded.text) : decoded;
  if (!parsed.ok) {
    const n = parsed.issues.length;
    return {
      ok: false,
      report: `${file}: invalid (${n} issue${n === 1 ? "" : "s"})\n${formatIssues(parsed.issues)}`,
      issues: parsed.issues,
    };
  }
  const c = parsed.config;
  const routes = c.virtualHosts.reduce((n, v) => n + v.routes.length, 0);
  const summary =
    `${file}: valid, version "${c.version}": ${c.virtualHosts.length} virtual host(s), ${routes} route(s), ` +
    `${Object.keys(c.pools).length} pool(s)${c.l4 ? ", l4 section" : ""}`;
  return { ok: true, config: c, summary, routes };
}

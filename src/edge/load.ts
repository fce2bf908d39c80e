import { type ConfigIssue, type EdgeConfig, parseDocument } from "../schema/index.ts";
import { compileEdge } from "./compile.ts";
import { EDGE_COMPILE_OPTIONS } from "./options.ts";
import type { CompileOptions, Edge } from "./types.ts";

export type LoadResult = { ok: true; config: EdgeConfig; edge: Edge } | { ok: false; issues: ConfigIssue[] };

/**
 * The one path from document text to a servable Edge: parse (JSON, schema, cross-references),
 * then compile. The worker loads tables with it, and the admin API's validate and PUT and the
 * CLI's validate check documents with it, so "valid" means "the worker will load it".
 */
export function loadDocument(text: string, options: CompileOptions = EDGE_COMPILE_OPTIONS): LoadResult {
  const parsed = parseDocument(text);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, config: parsed.config, edge: compileEdge(parsed.config, options) };
  } catch (err) {
    return { ok: false, issues: [{ path: "$", message: `compile failed: ${(err as Error).message}` }] };
  }
}

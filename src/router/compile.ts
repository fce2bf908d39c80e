/**
 * compileRouteTable: the entry point the worker and the benchmark use.
 * Compile once per config version, then call `table.match(input)` per request.
 */
import type { EdgeConfig } from "../schema/index.ts";
import type { RouteAction } from "../schema/l7.ts";
import type { CompiledTable } from "./types.ts";
import { compileReferenceTable } from "./reference.ts";

export function compileRouteTable(config: EdgeConfig): CompiledTable<RouteAction> {
  return compileReferenceTable(config);
}

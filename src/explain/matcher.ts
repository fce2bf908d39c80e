import { compileRouteTable } from "../router/compile.ts";
import type { CompiledTable } from "../router/types.ts";
import type { EdgeConfig } from "../schema/index.ts";
import type { RouteAction } from "../schema/l7.ts";

/** One compiled table per document object (explain and what-if call it per request of a sample). */
const compiled = new WeakMap<EdgeConfig, CompiledTable<RouteAction>>();

export function matcherOf(config: EdgeConfig): CompiledTable<RouteAction> {
  let t = compiled.get(config);
  if (t === undefined) compiled.set(config, (t = compileRouteTable(config)));
  return t;
}

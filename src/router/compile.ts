/**
 * compileRouteTable: the entry point the worker and the benchmark use.
 * Compile once per config version (it is the cold-start cost), then call `table.match(input)`
 * per request.
 *
 * Building a MatchInput cheaply (what the worker does, and what a benchmark should do):
 *   const url = new URL(request.url);
 *   table.match({ method: request.method, host: url.hostname, path: normalizedPath,
 *                 query: url.searchParams, headers: request.headers });
 * `host` must be lower case without port (URL.hostname is). Leave `cookies` unset unless you
 * already parsed them: the matcher reads only the cookies a candidate route tests, straight from
 * the Cookie header. match() never mutates its input, so a benchmark may build one input per
 * request up front and reuse it across passes. Results may be shared between requests (static
 * paths answer with a prebuilt result): treat them as immutable.
 */
import type { EdgeConfig } from "../schema/index.ts";
import type { RouteAction } from "../schema/l7.ts";
import { DomainIndex } from "./domains.ts";
import { HostIndex } from "./indexed.ts";
import { type ActionOf, forEachInOrder } from "./route.ts";
import type { CompiledTable, MatchInput, MatchResult } from "./types.ts";

export { compileReferenceTable } from "./reference.ts";

export function compileRouteTable(config: EdgeConfig): CompiledTable<RouteAction>;
/** With `actionOf`: each result's `action` is what `actionOf` made of its route (once per route). */
export function compileRouteTable<A>(config: EdgeConfig, actionOf: ActionOf<A>): CompiledTable<A>;
export function compileRouteTable<A>(config: EdgeConfig, actionOf?: ActionOf<A>): CompiledTable<A> {
  const domains = new DomainIndex<HostIndex<A>>();
  for (const vh of config.virtualHosts) {
    const host = new HostIndex<A>(vh.name, actionOf);
    forEachInOrder(vh.routes, (route, index, rank) => host.add(route, index, rank));
    host.seal();
    for (const d of vh.domains) domains.add(d, host);
  }
  domains.seal();
  return {
    version: config.version,
    config,
    match(input: MatchInput): MatchResult<A> | null {
      const host = domains.lookup(input.host);
      return host === undefined ? null : host.match(input);
    },
  };
}

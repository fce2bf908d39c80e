import type { EdgeRoute } from "../../edge/route.ts";
import type { Edge } from "../../edge/types.ts";
import type { MatchResult } from "../../router/types.ts";
import type { RequestContext } from "../request-context.ts";

const NO_QUERY = { get: (_name: string): string | null => null };

/**
 * Stage 2, match: the version's compiled router picks the route (or null: no route; the caller
 * answers NO_ROUTE or hands the request on), on the host and path the ingress stage prepared.
 */
export function matchRoute(edge: Edge, rc: RequestContext): MatchResult<EdgeRoute> | null {
  const url = rc.url;
  return edge.table.match({
    method: rc.request.method,
    host: rc.host,
    path: rc.path,
    // A URLSearchParams object only when there is a query to read.
    query: url.search === "" ? NO_QUERY : new URLSearchParams(url.search),
    headers: rc.request.headers,
  });
}

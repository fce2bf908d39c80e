import type { MatchResult } from "../router/types.ts";
import type { ForwardAction } from "../schema/l7.ts";
import type { Pool } from "../schema/pool.ts";
import type { RequestContext } from "../worker/request-context.ts";
import { toClientResponse } from "./client-response.ts";
import { fetchOrigin, type UpstreamRequest } from "./fetch-origin.ts";
import { applyHeaderMutations } from "./header-mutations.ts";
import { pickOrigin } from "./pick-origin.ts";
import { buildUpstreamHeaders, isWebSocketUpgrade } from "./upstream-headers.ts";

/**
 * The forward action: build the upstream request once, pick an origin, make one attempt.
 * The pools work replaces the pick + single attempt with balancing, retries and failover;
 * everything else here (headers, path, timeout, response shaping) stays.
 */
export async function forward(
  rc: RequestContext,
  action: ForwardAction,
  match: MatchResult<unknown>,
  pools: Readonly<Record<string, Pool>>,
): Promise<Response> {
  const { request, url } = rc;
  const headers = buildUpstreamHeaders(request.headers, {
    requestId: rc.requestId,
    traceparent: rc.traceparent,
    client: { ip: rc.clientIp, host: url.host, proto: url.protocol.slice(0, -1) },
    forwardedPolicy: rc.settings.forwardedHeaders,
    webSocket: isWebSocketUpgrade(request.method, request.headers),
  });
  if (action.rewrite?.host !== undefined) headers.set("host", action.rewrite.host);
  applyHeaderMutations(headers, action.requestHeaders);
  const up: UpstreamRequest = {
    method: request.method,
    path: match.forwardPath,
    search: url.search,
    headers,
    body: request.body,
    timeoutMs: action.timeoutMs ?? rc.settings.defaultTimeoutMs,
  };
  const origin = pickOrigin(action.pool, pools[action.pool]);
  const res = toClientResponse(await fetchOrigin(origin, up), rc.requestId);
  applyHeaderMutations(res.headers, action.responseHeaders);
  return res;
}

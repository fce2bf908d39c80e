import type { CompiledForward } from "../../edge/forward-plan.ts";
import { overloadAttempt } from "../../edge/overload/index.ts";
import type { MatchResult } from "../../router/types.ts";
import type { ForwardAction } from "../../schema/l7.ts";
import type { RequestContext } from "../ingress/request-context.ts";
import type { UpstreamRequest } from "../upstream/fetch-origin.ts";
import { fetchOrigin } from "../upstream/fetch-origin.ts";
import { forwardToPools } from "../upstream/forward-pools.ts";
import { RequestFacts } from "../upstream/request-facts.ts";
import type { PoolServices } from "../upstream/services.ts";
import { toClientResponse } from "./client-response.ts";
import { applyHeaderMutations } from "./header-mutations.ts";
import { buildUpstreamHeaders, isWebSocketUpgrade } from "./upstream-headers.ts";

/**
 * The forward action: build the upstream request once, then let the pools runtime choose
 * origins and make attempts (balancing, affinity, failover, retries); shape the response.
 */
export async function forward(
  rc: RequestContext,
  action: ForwardAction,
  match: MatchResult<unknown>,
  plan: CompiledForward,
  services: PoolServices,
  /** The request body when a mirror took a copy of it (src/pipeline/action/release); default the client's. */
  body: ReadableStream<Uint8Array> | null = rc.request.body,
): Promise<Response> {
  const { request, url } = rc;
  // Each property read of a Request, Headers or URL is a call into the runtime: read each once.
  const incoming = request.headers;
  const method = request.method;
  const search = url.search;
  const headers = buildUpstreamHeaders(incoming, {
    requestId: rc.requestId,
    traceparent: rc.traceparent,
    client: { ip: rc.clientIp, host: url.host, proto: url.protocol.slice(0, -1) },
    forwardedPolicy: rc.settings.forwardedHeaders,
    webSocket: isWebSocketUpgrade(method, incoming),
  });
  // NOTE: the Workers runtime derives Host from the fetched URL and ignores this header (verified in
  // workerd); kept so the intent is visible where a runtime honors it. See docs: limits.
  applyHeaderMutations(headers, action.requestHeaders);
  const up: UpstreamRequest = {
    method,
    path: match.forwardPath,
    search,
    headers,
    body,
    timeoutMs: action.timeoutMs ?? rc.settings.defaultTimeoutMs,
  };
  // Balancing, affinity, health, failover and retries (src/pool); one attempt = fetchOrigin.
  const result = await forwardToPools({
    pools: plan.pools,
    action,
    plan,
    up,
    facts: new RequestFacts(incoming, search, rc.clientIp),
    health: services.health,
    secret: services.secret,
    // Pools with `overload`: in-flight cap, queue, breaker (undefined: the plain fetch).
    attempt: overloadAttempt(plan, fetchOrigin),
  });
  const debug = rc.settings.debugHeaders;
  const res = toClientResponse(result.response, {
    requestId: rc.settings.requestIdInResponse ? rc.requestId : undefined,
    setCookie: result.setCookie,
    set: debug
      ? [
          ["x-edge-origin", `${result.pool}/${result.origin}`],
          ["x-edge-attempts", String(result.attempts)],
        ]
      : undefined,
    mutate: action.responseHeaders !== undefined,
  });
  if (action.responseHeaders !== undefined) applyHeaderMutations(res.headers, action.responseHeaders);
  return res;
}

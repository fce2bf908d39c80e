import { BadRequestBodyError, BadUpgradeMethodError } from "../../core/errors/index.ts";
import type { CompiledForward } from "../../edge/forward-plan.ts";
import { overloadAttempt } from "../../edge/overload/index.ts";
import type { MatchResult } from "../../router/types.ts";
import type { ForwardAction } from "../../schema/l7.ts";
import type { RequestContext } from "../request-context.ts";
import { bodilessMethod, fetchOrigin, type UpstreamRequest } from "../upstream/fetch-origin.ts";
import { forwardToPools } from "../upstream/forward-pools.ts";
import { RequestFacts } from "../upstream/request-facts.ts";
import type { PoolServices } from "../upstream/services.ts";
import { toClientResponse } from "./client-response.ts";
import { applyHeaderMutations } from "./header-mutations.ts";
import {
  buildUpstreamHeaders,
  type HeaderRecord,
  isWebSocketToken,
  scanClientHeaders,
  type UpstreamHeaderContext,
  upstreamHeaderRecord,
} from "./upstream-headers.ts";

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
  mutableHeaders = false,
  /** The request body when a mirror took a copy of it (src/pipeline/action/release); default the client's. */
  body: ReadableStream<Uint8Array> | null = rc.request.body,
): Promise<Response> {
  const { request, url } = rc;
  // Each property read of a Request, Headers or URL is a call into the runtime: read each once.
  const incoming = request.headers;
  const method = request.method;
  const search = url.search;
  // A route that edits request headers gets a Headers object to edit; others a record from
  // one pass over the client's headers, which also notes what the checks below read.
  const scan = action.requestHeaders === undefined ? scanClientHeaders(incoming) : undefined;
  const upgrade = isWebSocketToken(scan === undefined ? incoming.get("upgrade") : scan.upgrade);
  const contentLength = scan === undefined ? incoming.get("content-length") : scan.contentLength;
  const chunked = scan === undefined ? incoming.has("transfer-encoding") : scan.transferEncoding;
  // A WebSocket handshake is a bodiless GET (RFC 6455 section 4.1). workerd turns any request that
  // carries Upgrade: websocket into a GET before the worker sees it (measured: a POST arrives as GET
  // with its Content-Length), so the origin would get a GET the client never sent. Refuse instead:
  // another method, or the body headers (Content-Length, even 0, or Transfer-Encoding) only another
  // method has.
  if (upgrade && (method !== "GET" || contentLength !== null || chunked)) throw new BadUpgradeMethodError(method);
  // A GET/HEAD with a body (a non-zero Content-Length, or any Transfer-Encoding) is refused here,
  // before any origin is chosen: it is the client's error, and fetch would refuse it anyway (as an
  // exception that must not count against an origin).
  if (bodilessMethod(method) && ((contentLength !== null && contentLength.trim() !== "0") || chunked))
    throw new BadRequestBodyError(method);
  const headerContext: UpstreamHeaderContext = {
    requestId: rc.requestId,
    traceparent: rc.traceparent,
    client: { ip: rc.clientIp, host: url.host, proto: url.protocol.slice(0, -1) },
    forwardedPolicy: rc.settings.forwardedHeaders,
    webSocket: upgrade,
  };
  let headers: Headers | HeaderRecord;
  if (scan !== undefined) headers = upstreamHeaderRecord(scan, headerContext);
  else {
    headers = buildUpstreamHeaders(incoming, headerContext);
    // NOTE: the Workers runtime derives Host from the fetched URL and ignores a Host set here
    // (verified in workerd); kept so the intent is visible where a runtime honors it. See docs: limits.
    applyHeaderMutations(headers, action.requestHeaders);
  }
  const up: UpstreamRequest = {
    method,
    path: match.forwardPath,
    search,
    headers,
    body,
    timeoutMs: action.timeoutMs ?? rc.settings.defaultTimeoutMs,
  };
  // Balancing, affinity, health, failover and retries (the upstream stage); one attempt = fetchOrigin.
  const result = await forwardToPools({
    pools: plan.pools,
    action,
    plan,
    up,
    facts: new RequestFacts(incoming, search, rc.clientIp),
    health: services.health,
    secret: services.secret,
    record: rc.record,
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
    // Rebuilt (headers mutable) for response header rules, and when middleware around the router may edit it.
    mutate: action.responseHeaders !== undefined || mutableHeaders,
  });
  if (action.responseHeaders !== undefined) applyHeaderMutations(res.headers, action.responseHeaders);
  return res;
}

import { routesKeyOf } from "../core/env.ts";
import { NoRouteError } from "../core/errors/edge.ts";
import { directResponse } from "../pipeline/action/direct.ts";
import { forward } from "../pipeline/action/forward.ts";
import { redirectResponse } from "../pipeline/action/redirect.ts";
import { errorResponse } from "../pipeline/errors/index.ts";
import { normalizePath } from "../pipeline/ingress/normalize-path.ts";
import type { RequestContext } from "../pipeline/ingress/request-context.ts";
import { nextTraceparent, requestIdFrom } from "../pipeline/ingress/request-id.ts";
import { splitRequestUrl } from "../pipeline/ingress/request-url.ts";
import { type PoolEnv, poolServices } from "../pipeline/upstream/services.ts";
import type { CompiledTable } from "../router/types.ts";
import type { RouteAction } from "../schema/l7.ts";
import type { TableCache, TableSource } from "./table-cache.ts";

export interface WorkerEnv extends PoolEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  ROUTES_REFRESH_SECONDS: string;
}

const DEFAULT_REFRESH_SECONDS = 5;
/** Where the route table comes from: the KV key named by ROUTES_KEY. */
function tableSource(env: WorkerEnv): TableSource {
  const key = routesKeyOf(env);
  return { key, read: () => env.ROUTES.get(key) };
}

const NO_QUERY = { get: (_name: string): string | null => null };

export function refreshMsOf(env: WorkerEnv): number {
  const s = Number(env.ROUTES_REFRESH_SECONDS);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : DEFAULT_REFRESH_SECONDS * 1000;
}

/**
 * One request at the edge: request id, table, normalized path, match, action.
 * Every failure becomes `{ error: { code, message, requestId } }` with the error's status.
 */
export async function handleRequest(
  request: Request,
  env: WorkerEnv,
  ctx: { waitUntil(p: Promise<unknown>): void },
  cache: TableCache<RouteAction>,
): Promise<Response> {
  const headers = request.headers; // each property read is a call into the runtime
  const requestId = requestIdFrom(headers);
  try {
    const refreshMs = refreshMsOf(env);
    // Warm isolates take the table synchronously; only a cold one awaits the KV read.
    const table: CompiledTable<RouteAction> =
      cache.peek(env, tableSource, refreshMs, ctx) ?? (await cache.get(tableSource(env), refreshMs, ctx));
    const url = splitRequestUrl(request.url);
    const { settings } = table.config;
    const rc: RequestContext = {
      request,
      url,
      path: normalizePath(url.pathname, settings.path),
      requestId,
      traceparent: settings.traceContext === "hop" ? nextTraceparent(headers.get("traceparent")) : undefined,
      clientIp: headers.get("cf-connecting-ip") ?? "",
      settings,
    };
    const method = request.method;
    let host = url.hostname.toLowerCase();
    // `api.example.com.` (fully qualified) is the same host: strip one trailing dot, like Envoy's
    // strip_trailing_host_dot, so it does not miss its virtual host and fall to `*`.
    if (host.endsWith(".")) host = host.slice(0, -1);
    const match = table.match({
      method,
      host,
      path: rc.path,
      // A URLSearchParams object only when there is a query to read.
      query: url.search === "" ? NO_QUERY : new URLSearchParams(url.search),
      headers,
    });
    if (match === null) throw new NoRouteError(method, url.host, rc.path);
    const action = match.action;
    switch (action.type) {
      case "forward":
        return await forward(
          rc,
          action,
          match,
          table.config.pools,
          await poolServices(env, table.config.pools, refreshMs, ctx),
        );
      case "direct":
        return directResponse(rc, action);
      case "redirect":
        return redirectResponse(rc, action, match.forwardPath);
    }
  } catch (err) {
    return errorResponse(err, requestId);
  }
}

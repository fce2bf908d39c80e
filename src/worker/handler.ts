import type { AnalyticsEnv } from "../observe/analytics.ts";
import { finishRequest } from "../observe/finish.ts";
import { RequestRecord } from "../observe/request-record.ts";
import { type PoolEnv, poolServices } from "../pool/services.ts";
import { directResponse } from "../proxy/direct.ts";
import { forward } from "../proxy/forward.ts";
import { normalizePath } from "../proxy/normalize-path.ts";
import { redirectResponse } from "../proxy/redirect.ts";
import { nextTraceparent, requestIdFrom } from "../proxy/request-id.ts";
import { splitRequestUrl } from "../proxy/request-url.ts";
import type { CompiledTable } from "../router/types.ts";
import type { RouteAction } from "../schema/l7.ts";
import { errorResponse } from "./error-response.ts";
import { EdgeError, NoRouteError } from "./errors.ts";
import type { RequestContext } from "./request-context.ts";
import { routesKeyOf } from "./routes-key.ts";
import type { TableCache, TableSource } from "./table-cache.ts";

export interface WorkerEnv extends PoolEnv, AnalyticsEnv {
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
  const record = new RequestRecord(requestIdFrom(request.headers), request.method, request.url, Date.now());
  const res = await routeRequest(request, env, ctx, cache, record);
  // After the response headers: access log, stats, Analytics Engine, queued health events.
  finishRequest(record, res, cache.current?.config.settings, env, ctx);
  return res;
}

async function routeRequest(
  request: Request,
  env: WorkerEnv,
  ctx: { waitUntil(p: Promise<unknown>): void },
  cache: TableCache<RouteAction>,
  record: RequestRecord,
): Promise<Response> {
  const headers = request.headers; // each property read is a call into the runtime
  const requestId = record.requestId;
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
      record,
    };
    record.version = table.version;
    const method = request.method;
    let host = url.hostname.toLowerCase();
    // `api.example.com.` (fully qualified) is the same host: strip one trailing dot, like Envoy's
    // strip_trailing_host_dot, so it does not miss its virtual host and fall to `*`.
    if (host.endsWith(".")) host = host.slice(0, -1);
    record.host = host;
    record.path = rc.path;
    const match = table.match({
      method,
      host,
      path: rc.path,
      // A URLSearchParams object only when there is a query to read.
      query: url.search === "" ? NO_QUERY : new URLSearchParams(url.search),
      headers,
    });
    if (match === null) throw new NoRouteError(method, url.host, rc.path);
    record.virtualHost = match.virtualHost;
    record.route = match.routeName;
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
    record.error = err instanceof EdgeError ? err.code : "INTERNAL";
    return errorResponse(err, requestId);
  }
}

import type { ActiveMeta } from "../admin/versions/keys.ts";
import { type PoolEnv, poolServices } from "../pool/services.ts";
import { directResponse } from "../proxy/direct.ts";
import { forward } from "../proxy/forward.ts";
import { normalizePath } from "../proxy/normalize-path.ts";
import { redirectResponse } from "../proxy/redirect.ts";
import { nextTraceparent, requestIdFrom } from "../proxy/request-id.ts";
import { splitRequestUrl } from "../proxy/request-url.ts";
import { compileRouteTable } from "../router/compile.ts";
import type { CompiledTable } from "../router/types.ts";
import type { RouteAction } from "../schema/l7.ts";
import { errorResponse } from "./error-response.ts";
import { NoRouteError } from "./errors.ts";
import type { RequestContext } from "./request-context.ts";
import { Rollout } from "./rollout.ts";
import { routesKeyOf } from "./routes-key.ts";
import type { TableCache, TableSource } from "./table-cache.ts";

export interface WorkerEnv extends PoolEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  ROUTES_REFRESH_SECONDS: string;
}

const DEFAULT_REFRESH_SECONDS = 5;
/** The staged rollout of this isolate (src/worker/rollout.ts): the candidate table, if any, and its counters. */
export const rollout = new Rollout(compileRouteTable);

/**
 * Where the route table comes from: the KV key named by ROUTES_KEY. The same read brings the key's
 * metadata (active version id, rollout pointer: src/admin/versions/keys.ts) for the rollout.
 */
function tableSource(env: WorkerEnv): TableSource {
  const key = routesKeyOf(env);
  return {
    key,
    read: async () => {
      const { value, metadata } = await env.ROUTES.getWithMetadata<ActiveMeta>(key);
      // A rollout problem never costs the active table: it is logged and the candidate is not served.
      await rollout
        .observe(env, value === null ? null : metadata)
        .catch((err: unknown) =>
          console.error(JSON.stringify({ level: "error", event: "rollout_read_failed", error: String(err) })),
        );
      return value;
    },
  };
}

/** The table a request with these headers is served: the rollout candidate or the active table (for explain). */
export async function tableFor(
  headers: Headers,
  env: WorkerEnv,
  ctx: { waitUntil(p: Promise<unknown>): void },
  cache: TableCache<RouteAction>,
): Promise<CompiledTable<RouteAction>> {
  const refreshMs = refreshMsOf(env);
  const table = cache.peek(env, tableSource, refreshMs, ctx) ?? (await cache.get(tableSource(env), refreshMs, ctx));
  return rollout.candidateFor(headers) ?? table;
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
  let table: CompiledTable<RouteAction>;
  try {
    const refreshMs = refreshMsOf(env);
    // Warm isolates take the table synchronously; only a cold one awaits the KV read.
    table = cache.peek(env, tableSource, refreshMs, ctx) ?? (await cache.get(tableSource(env), refreshMs, ctx));
  } catch (err) {
    return errorResponse(err, requestId);
  }
  if (!rollout.running) return answer(request, env, ctx, table, requestId);
  // A staged rollout: a stable fraction of clients gets the candidate table; both sides are counted.
  const candidate = rollout.candidateFor(headers);
  const res = await answer(request, env, ctx, candidate ?? table, requestId);
  return rollout.count(env, ctx, res, candidate !== undefined);
}

/** Match and action on one table; every failure becomes the standard error body. */
async function answer(
  request: Request,
  env: WorkerEnv,
  ctx: { waitUntil(p: Promise<unknown>): void },
  table: CompiledTable<RouteAction>,
  requestId: string,
): Promise<Response> {
  const headers = request.headers;
  try {
    const refreshMs = refreshMsOf(env);
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

import { Context, type Next } from "hono";
import { NoRouteError } from "../core/errors/index.ts";
import { runAction } from "../pipeline/action/index.ts";
import { errorResponse } from "../pipeline/errors/index.ts";
import { ingress, requestIdFrom } from "../pipeline/ingress/index.ts";
import { matchRoute } from "../pipeline/match/index.ts";
import { runPolicies } from "../pipeline/policy/index.ts";
import type { WorkerEnv } from "./bindings.ts";
import { type EdgeCache, loadEdge, peekEdge, refreshMsOf } from "./edge-cache.ts";

/**
 * One request through the pipeline: ingress → match → policy → action (→ upstream) → errors.
 * With a Hono Context and `next` (the edgeRouter middleware) a miss calls `next()`; without
 * (the bare handler) a miss is NO_ROUTE. Every failure becomes the error JSON with its status.
 */
export async function routeRequest(
  request: Request,
  env: WorkerEnv,
  ctx: ExecutionContext,
  cache: EdgeCache,
  c: Context | undefined,
  next: Next | undefined,
  mutableHeaders = false,
): Promise<Response | undefined> {
  const requestId = requestIdFrom(request.headers);
  try {
    const refreshMs = refreshMsOf(env);
    // Warm isolates take the Edge synchronously; only a cold one awaits the KV read.
    const edge = peekEdge(cache, env, ctx, refreshMs) ?? (await loadEdge(cache, env, ctx, refreshMs));
    const rc = ingress(request, requestId, edge.settings);
    const match = matchRoute(edge, rc);
    if (match === null) {
      if (next === undefined) throw new NoRouteError(request.method, rc.url.host, rc.path);
      c!.set("edgeNoRoute", new NoRouteError(request.method, rc.url.host, rc.path));
      c!.set("requestId", requestId);
      await next();
      return undefined;
    }
    const policies = match.action.policies;
    if (policies === undefined) return await runAction(rc, match, edge, env, ctx, refreshMs, mutableHeaders);
    // Only routes with a policy chain need a Context; the bare handler makes one for them.
    const context = c ?? new Context(request, { env, executionCtx: ctx, path: rc.path });
    // Policies may replace the request (claims forwarded, a token removed, a counted body).
    return await runPolicies(policies, context, requestId, (req) =>
      runAction(req === request ? rc : { ...rc, request: req }, match, edge, env, ctx, refreshMs, true),
    );
  } catch (err) {
    return errorResponse(err, requestId);
  }
}

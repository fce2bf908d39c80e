import { Context, type Next } from "hono";
import { EdgeError, NoRouteError } from "../core/errors/index.ts";
import type { Edge } from "../edge/types.ts";
import { finishRequest } from "../observe/finish.ts";
import { RequestRecord } from "../observe/request-record.ts";
import { runAction } from "../pipeline/action/index.ts";
import { errorResponse } from "../pipeline/errors/index.ts";
import { ingress, requestIdFrom } from "../pipeline/ingress/index.ts";
import { matchRoute } from "../pipeline/match/index.ts";
import { runPolicies } from "../pipeline/policy/index.ts";
import type { WorkerEnv } from "./bindings.ts";
import { type EdgeCache, loadEdge, peekEdge, refreshMsOf, rollout } from "./edge-cache.ts";

/**
 * One request through the pipeline: ingress → match → policy → action (→ upstream) → errors.
 * With a Hono Context and `next` (the edgeRouter middleware) a miss calls `next()`; without
 * (the bare handler) a miss is NO_ROUTE. Every failure becomes the error JSON with its status.
 * Every answer, a miss answered after `next()` too, is counted and access-logged (src/observe).
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
  const record = new RequestRecord(requestIdFrom(request.headers), request.method, request.url, Date.now());
  const res = await route(request, env, ctx, cache, c, next, mutableHeaders, record);
  // After the response headers: access log, stats, Analytics Engine, queued health events.
  const answer = res ?? c?.res;
  // A miss that something after edgeRouter answered (a user's own route) is not an error.
  if (res === undefined && answer !== undefined && answer.status !== 404) record.error = null;
  if (answer !== undefined) {
    if (record.rollout !== undefined) rollout.count(env, ctx, answer, record.rollout === "candidate");
    finishRequest(record, answer, cache.current?.settings, env, ctx);
  }
  return res;
}

async function route(
  request: Request,
  env: WorkerEnv,
  ctx: ExecutionContext,
  cache: EdgeCache,
  c: Context | undefined,
  next: Next | undefined,
  mutableHeaders: boolean,
  record: RequestRecord,
): Promise<Response | undefined> {
  const requestId = record.requestId;
  let edge: Edge | undefined;
  try {
    const refreshMs = refreshMsOf(env);
    // Warm isolates take the Edge synchronously; only a cold one awaits the KV read.
    edge = peekEdge(cache, env, ctx, refreshMs) ?? (await loadEdge(cache, env, ctx, refreshMs));
    // A staged rollout: a stable fraction of clients gets the candidate table; both sides are counted.
    if (rollout.running) {
      const candidate = rollout.candidateFor(request.headers);
      if (candidate !== undefined) edge = candidate;
      record.rollout = candidate !== undefined ? "candidate" : "active";
    }
    record.version = edge.version;
    const rc = ingress(request, requestId, edge.settings, record);
    record.host = rc.host;
    record.path = rc.path;
    const match = matchRoute(edge, rc);
    if (match === null) {
      const miss = new NoRouteError(request.method, rc.url.host, rc.path);
      if (next === undefined) throw miss;
      // Answered after next() (the app's notFound, unless a later handler takes it): logged as a miss.
      record.error = miss.code;
      c!.set("edgeNoRoute", miss);
      c!.set("requestId", requestId);
      await next();
      return undefined;
    }
    record.virtualHost = match.virtualHost;
    record.route = match.routeName;
    const policies = match.action.policies;
    if (policies === undefined) return await runAction(rc, match, edge, env, ctx, refreshMs, mutableHeaders);
    // Only routes with a policy chain need a Context; the bare handler makes one for them.
    const context = c ?? new Context(request, { env, executionCtx: ctx, path: rc.path });
    // Policies may replace the request (claims forwarded, a token removed, a counted body).
    const loaded = edge;
    return await runPolicies(
      policies,
      context,
      requestId,
      (req) => runAction(req === request ? rc : { ...rc, request: req }, match, loaded, env, ctx, refreshMs, true),
      record,
    );
  } catch (err) {
    record.error = err instanceof EdgeError ? err.code : "INTERNAL";
    return errorResponse(err, requestId);
  }
}

import type { EdgeRoute } from "../../edge/route.ts";
import type { Edge } from "../../edge/types.ts";
import type { MatchResult } from "../../router/types.ts";
import type { RequestContext } from "../request-context.ts";
import { type PoolEnv, type PoolServices, poolServices, type WaitUntil } from "../upstream/services.ts";
import { directResponse } from "./direct.ts";
import { forward } from "./forward.ts";
import { redirectResponse } from "./redirect.ts";
import { forwardRelease } from "./release/index.ts";

/**
 * Stage 4, action: what the route does — a fixed response, a redirect, or forward (which hands
 * the request to the upstream stage with the route's compiled plan). `mutableHeaders`: the answer
 * must have mutable headers (policies or middleware around the router edit it); a proxied response
 * is otherwise passed through as the origin's, whose headers are immutable.
 */
export async function runAction(
  rc: RequestContext,
  match: MatchResult<EdgeRoute>,
  edge: Edge,
  env: PoolEnv,
  ctx: WaitUntil,
  refreshMs: number,
  mutableHeaders = false,
): Promise<Response> {
  const route = match.action;
  const action = route.action;
  switch (action.type) {
    case "forward": {
      // Synchronous unless the table has active health checks (then the health view is awaited).
      const services = edge.anyHealthChecks
        ? await poolServices(env, true, refreshMs, ctx)
        : (poolServices(env, false, refreshMs, ctx) as PoolServices);
      const release = route.release;
      if (release === undefined) return forward(rc, action, match, route.forward, services, mutableHeaders);
      return forwardRelease(rc, action, match, route.forward, release, services, ctx, mutableHeaders);
    }
    case "direct":
      return directResponse(rc, action);
    case "redirect":
      return redirectResponse(rc, action, match.forwardPath);
  }
}

import type { EdgeRoute } from "../../edge/route.ts";
import type { Edge } from "../../edge/types.ts";
import type { MatchResult } from "../../router/types.ts";
import type { RequestContext } from "../ingress/request-context.ts";
import { type PoolEnv, poolServices, type WaitUntil } from "../upstream/services.ts";
import { directResponse } from "./direct.ts";
import { forward } from "./forward.ts";
import { redirectResponse } from "./redirect.ts";
import { forwardRelease } from "./release/index.ts";

/**
 * Stage 4, action: what the route does — a fixed response, a redirect, or forward (which hands
 * the request to the upstream stage with the route's compiled plan).
 */
export async function runAction(
  rc: RequestContext,
  match: MatchResult<EdgeRoute>,
  edge: Edge,
  env: PoolEnv,
  ctx: WaitUntil,
  refreshMs: number,
): Promise<Response> {
  const route = match.action;
  const action = route.action;
  switch (action.type) {
    case "forward": {
      const services = await poolServices(env, edge.anyHealthChecks, refreshMs, ctx);
      const release = route.release;
      if (release === undefined) return forward(rc, action, match, route.forward, services);
      return forwardRelease(rc, action, match, route.forward, release, services, ctx);
    }
    case "direct":
      return directResponse(rc, action);
    case "redirect":
      return redirectResponse(rc, action, match.forwardPath);
  }
}

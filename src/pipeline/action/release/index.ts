import type { CompiledForward } from "../../../edge/forward-plan.ts";
import { fastestPlan, type ReleasePlan, steerRule } from "../../../edge/release/index.ts";
import type { MatchResult } from "../../../router/types.ts";
import type { ForwardAction } from "../../../schema/l7.ts";
import type { RequestContext } from "../../request-context.ts";
import { RequestFacts } from "../../upstream/request-facts.ts";
import type { PoolServices, WaitUntil } from "../../upstream/services.ts";
import { forward } from "../forward.ts";
import { chooseSide } from "./choose-side.ts";
import { fallbackResponse, isChainDown } from "./fallback.ts";
import { geoOf } from "./geo.ts";
import { type ShadowBody, sendShadow, teeForMirror } from "./mirror.ts";

/**
 * The forward action of a route with a split, steering, mirror or fallback (routes without any take the
 * plain forward path and pay nothing here): choose the split side or the steered chain, forward, answer
 * the maintenance fallback when the chain is down, and send the mirror copy after the response.
 */
export async function forwardRelease(
  rc: RequestContext,
  action: ForwardAction,
  match: MatchResult<unknown>,
  primary: CompiledForward,
  release: ReleasePlan,
  services: PoolServices,
  ctx: WaitUntil,
  mutableHeaders = false,
): Promise<Response> {
  const facts = new RequestFacts(rc.request.headers, rc.url.search, rc.clientIp);
  const side = release.split === undefined ? undefined : chooseSide(release.split, facts, Date.now(), Math.random);
  // Geo steering replaces the action's own chain; a split side other than the primary wins over it.
  const rule = release.steer === undefined ? undefined : steerRule(release.steer, geoOf(rc.request, rc.settings));
  const fastest =
    rule === undefined && release.steer?.byFastest !== undefined
      ? fastestPlan(release.steer, services.health, Date.now())
      : undefined;
  const steered = rule?.plan ?? fastest ?? primary;
  const plan = side !== undefined && side !== release.split!.primary ? side.plan : steered;
  const mirror = release.mirror?.take() ? release.mirror : undefined;
  let body = rc.request.body;
  let shadow: ShadowBody | undefined;
  if (mirror !== undefined) ({ primary: body, shadow } = teeForMirror(mirror, rc.request));
  let res: Response;
  try {
    res = await forward(rc, action, match, plan, services, mutableHeaders, body);
  } catch (err) {
    if (release.fallback === undefined || !isChainDown(err)) throw err;
    res = fallbackResponse(rc, release.fallback);
  }
  if (mirror !== undefined && shadow !== undefined)
    ctx.waitUntil(sendShadow(mirror, rc, match.forwardPath, facts, services.health, shadow));
  // With debugHeaders the response was rebuilt by forward (its headers are mutable).
  if (rc.settings.debugHeaders) {
    if (side !== undefined) res.headers.set("x-edge-split", side.name);
    if (release.steer !== undefined) {
      const how =
        rule !== undefined
          ? `rule-${rule.index}`
          : fastest !== undefined
            ? `latency-${fastest.chainNames[0]}`
            : "default";
      res.headers.set("x-edge-steer", how);
    }
  }
  return res;
}

import { originUrl } from "../core/origin-url.ts";
import { chainOf } from "../edge/forward-plan.ts";
import { applyHeaderMutations } from "../pipeline/action/header-mutations.ts";
import { buildUpstreamHeaders, isWebSocketUpgrade } from "../pipeline/action/upstream-headers.ts";
import type { EdgeConfig } from "../schema/index.ts";
import { jsonPath } from "../schema/issues.ts";
import type { Route, VirtualHost } from "../schema/l7.ts";
import { chooseOrigin } from "./origin-choice.ts";
import { explainPolicies } from "./policies.ts";
import type { Explanation, PoolStep } from "./types.ts";

type ActionPart = Pick<Explanation, "action" | "policies" | "pools" | "originRequest">;

const BALANCE_NOTE: Record<string, string> = {
  first: "the first healthy origin in order",
  round_robin: "smooth weighted round robin per isolate",
  random: "weighted random",
  least_outstanding: "the less busy of two random origins",
  hash: "weighted rendezvous hash of the request's key",
};

/** The action, the pool chain and the request the first origin would receive. */
export function describeAction(
  config: EdgeConfig,
  route: Route,
  vh: VirtualHost,
  at: string,
  vhAt: string,
  forwardPath: string,
  url: URL,
  headers: Headers,
  method: string,
): ActionPart {
  const a = route.action;
  const policies = explainPolicies(config, route, vh, at, vhAt, { method, url, headers });
  if (a.type === "direct")
    return { action: { type: "direct", status: a.status }, policies, pools: [], originRequest: null };
  if (a.type === "redirect")
    return { action: { ...a, location: forwardPath }, policies, pools: [], originRequest: null };
  const pools: PoolStep[] = chainOf(a).map((name) => {
    const p = config.pools[name]!;
    const choice = chooseOrigin(p, headers, url.search);
    return {
      pool: name,
      path: jsonPath(["pools", name]),
      balance: p.balance.policy,
      origins: p.origins.map((o) => ({ name: o.name, url: o.url, weight: o.weight })),
      choice,
      note: choice.decided
        ? `${choice.origin}: ${choice.why}`
        : `${BALANCE_NOTE[p.balance.policy] ?? p.balance.policy}, among healthy origins (${choice.why})`,
    };
  });
  const up = buildUpstreamHeaders(headers, {
    requestId: headers.get("x-request-id") ?? "<request id>",
    traceparent: undefined,
    client: { ip: headers.get("cf-connecting-ip") ?? "", host: url.host, proto: url.protocol.slice(0, -1) },
    forwardedPolicy: config.settings.forwardedHeaders,
    webSocket: isWebSocketUpgrade(method, headers),
  });
  applyHeaderMutations(up, a.requestHeaders);
  // The origin request is shown for the chosen origin when decidable, else for the chain's first origin.
  const head = pools[0];
  const firstOrigin = head?.origins.find((o) => o.name === head.choice.origin) ?? head?.origins[0];
  return {
    action: {
      type: "forward",
      chain: pools.map((p) => p.pool),
      timeoutMs: a.timeoutMs ?? config.settings.defaultTimeoutMs,
    },
    policies,
    pools,
    originRequest:
      firstOrigin === undefined
        ? null
        : {
            method,
            url: originUrl(firstOrigin.url, forwardPath, url.search),
            path: forwardPath,
            headers: Object.fromEntries(up),
          },
  };
}

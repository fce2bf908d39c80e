/**
 * Policy chains, compiled once per table version: each policy named anywhere is built once (its
 * keys imported, regexes compiled, JWKS cache created) and shared by every chain that names it.
 * A route's chain is its virtual host's policies (minus the route's `skipPolicies`) followed by
 * its own. Routes with an empty chain get `undefined`, so the request path pays nothing for them.
 */
import type { EdgeConfig } from "../schema/index.ts";
import { buildPolicy } from "./factories.ts";
import type { PolicyMiddleware } from "./types.ts";

export type PolicyChain = readonly PolicyMiddleware[];

/** Property of a compiled policy middleware holding its name in `$.policies`. */
export const POLICY_NAME = "edgePolicyName";

/** The document name of a chain member (a user's own middleware has none: "middleware"). */
export function policyNameOf(mw: object): string {
  return (mw as { [POLICY_NAME]?: string })[POLICY_NAME] ?? "middleware";
}

export interface PolicyChains {
  /** True when no route has a chain: callers can skip the lookup entirely. */
  readonly empty: boolean;
  /**
   * The chain of a matched route, looked up by its action object (`MatchResult.action` is the
   * document's own route action, one object per route): no string built per request.
   */
  chainOf(action: object): PolicyChain | undefined;
}

const NONE: PolicyChains = { empty: true, chainOf: () => undefined };

export function compilePolicyChains(doc: EdgeConfig): PolicyChains {
  const defs = doc.policies ?? {};
  if (Object.keys(defs).length === 0) return NONE;
  const built = new Map<string, PolicyMiddleware>();
  const get = (name: string) => {
    let mw = built.get(name);
    if (mw === undefined) {
      mw = buildPolicy(defs[name]!, { name });
      // The policy stage reads the name for the access log (`policies: [{ name, outcome }]`).
      Object.defineProperty(mw, POLICY_NAME, { value: name });
      built.set(name, mw);
    }
    return mw;
  };
  const chains = new Map<object, PolicyChain>();
  for (const vh of doc.virtualHosts) {
    const inherited = vh.policies ?? [];
    for (const r of vh.routes) {
      const skip = new Set(r.skipPolicies ?? []);
      const names = [...inherited.filter((n) => !skip.has(n)), ...(r.policies ?? [])];
      if (names.length > 0) chains.set(r.action, names.map(get));
    }
  }
  if (chains.size === 0) return NONE;
  return { empty: false, chainOf: (action) => chains.get(action) };
}

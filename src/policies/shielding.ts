import type { MiddlewareHandler } from "hono";
import type { PolicyCompiler } from "../edge/types.ts";
import type { Route } from "../schema/l7.ts";
import { cachePolicy } from "./cache/index.ts";
import { compressPolicy } from "./compress/index.ts";

/**
 * The route-level shielding policies (`route.compress`, `route.cache`) as the route's policy chain:
 * compress outside cache, so the cache keeps one identity copy and each client gets its encoding.
 */
export function shieldingPolicies(route: Route): MiddlewareHandler[] | undefined {
  if (route.cache === undefined && route.compress === undefined) return undefined;
  const chain: MiddlewareHandler[] = [];
  if (route.compress !== undefined) chain.push(compressPolicy(route.compress));
  if (route.cache !== undefined) chain.push(cachePolicy(route.cache) as unknown as MiddlewareHandler);
  return chain;
}

/**
 * A PolicyCompiler that runs `inner`'s chain (access policies: they must pass before a cache hit is
 * served) and then the shielding policies.
 */
export function withShielding(inner: PolicyCompiler | undefined): PolicyCompiler {
  return (route, name) => {
    const own = inner?.(route, name);
    const shielding = shieldingPolicies(route);
    if (shielding === undefined) return own;
    return own === undefined ? shielding : [...own, ...shielding];
  };
}

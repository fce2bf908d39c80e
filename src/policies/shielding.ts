import type { MiddlewareHandler } from "hono";
import type { Route } from "../schema/l7.ts";
import { cachePolicy } from "./cache/index.ts";
import { POLICY_NAME } from "./compile.ts";
import { compressPolicy } from "./compress/index.ts";

/**
 * The route-level shielding policies (`route.compress`, `route.cache`) as the route's policy chain:
 * compress outside cache, so the cache keeps one identity copy and each client gets its encoding.
 */
export function shieldingPolicies(route: Route): MiddlewareHandler[] | undefined {
  if (route.cache === undefined && route.compress === undefined) return undefined;
  const chain: MiddlewareHandler[] = [];
  if (route.compress !== undefined) chain.push(named(compressPolicy(route.compress), "route.compress"));
  if (route.cache !== undefined)
    chain.push(named(cachePolicy(route.cache) as unknown as MiddlewareHandler, "route.cache"));
  return chain;
}

/** Names a chain member for the access log's `policies` (as compile.ts does for document policies). */
function named(mw: MiddlewareHandler, name: string): MiddlewareHandler {
  return Object.defineProperty(mw, POLICY_NAME, { value: name });
}

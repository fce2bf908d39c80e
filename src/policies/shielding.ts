import type { MiddlewareHandler } from "hono";
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

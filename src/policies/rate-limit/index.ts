/**
 * Rate limits, two backends chosen per policy:
 * - `binding`: the Workers Rate Limiting binding ([[ratelimits]] in wrangler.toml). Cheap, counted
 *   per Cloudflare location and eventually consistent, so approximate; its limit and period live in
 *   wrangler.toml and must equal the policy's limit/windowSeconds (the policy states them for headers).
 * - `durableObject`: exact global sliding-window counters in the RateLimitCounter Durable Object
 *   (binding RATE_LIMITS), one object per key shard. One round trip to the object per request.
 * Over the limit: 429 RATE_LIMITED with Retry-After and the IETF draft's RateLimit-Policy and
 * RateLimit headers. When the limiter itself fails, `onLimiterError` decides: `open` (default) lets
 * the request through and logs, `closed` answers 503 RATE_LIMITER_UNAVAILABLE.
 */

import { log } from "../../core/log.ts";
import type { RateLimitPolicy } from "../../schema/policies.ts";
import { RateLimitedError, RateLimiterUnavailableError } from "../errors.ts";
import type { PolicyContext, PolicyFactory, PolicyMiddleware } from "../types.ts";
import type { RateLimitCounter } from "./counter-object.ts";
import { keyFunction, shardOf } from "./key.ts";
import type { Verdict } from "./window.ts";

export const DEFAULT_BINDING = "RATE_LIMITER";
export const COUNTERS_BINDING = "RATE_LIMITS";

type Limiter = (c: PolicyContext, key: string) => Promise<Verdict>;

function bindingLimiter(p: RateLimitPolicy): Limiter {
  const name = p.binding ?? DEFAULT_BINDING;
  const windowMs = p.windowSeconds * 1000;
  return async (c, key) => {
    const rl = c.env[name] as RateLimit | undefined;
    if (rl === undefined) throw new Error(`no Rate Limiting binding ${name}`);
    const { success } = await rl.limit({ key });
    // The binding says only yes or no: the rest is what its fixed period implies.
    return success
      ? { allowed: true, remaining: -1, retryAfterMs: 0, resetMs: windowMs }
      : { allowed: false, remaining: 0, retryAfterMs: windowMs, resetMs: windowMs };
  };
}

function counterLimiter(p: RateLimitPolicy, policy: string): Limiter {
  const windowMs = p.windowSeconds * 1000;
  // Object ids are derived by hashing their name: derive each shard's once per table version.
  const ids: (DurableObjectId | undefined)[] = [];
  return async (c, key) => {
    const ns = c.env[COUNTERS_BINDING] as DurableObjectNamespace<RateLimitCounter> | undefined;
    if (ns === undefined) throw new Error(`no Durable Object binding ${COUNTERS_BINDING}`);
    const shard = shardOf(key, p.shards);
    const id = (ids[shard] ??= ns.idFromName(`${policy}/${shard}`));
    return (await ns.get(id).hit(key, p.limit, windowMs)) as Verdict;
  };
}

export const rateLimitPolicy: PolicyFactory<RateLimitPolicy> = (p, deps) => {
  const keyOf = keyFunction(deps.name, p.key);
  const limiter = p.backend === "binding" ? bindingLimiter(p) : counterLimiter(p, deps.name);
  const policyHeader = `"${deps.name}";q=${p.limit};w=${p.windowSeconds}`;

  const mw: PolicyMiddleware = async (c, next) => {
    let verdict: Verdict;
    try {
      verdict = await limiter(c, keyOf(c));
    } catch (err) {
      if (p.onLimiterError === "closed") throw new RateLimiterUnavailableError(deps.name, err);
      log.error("rate_limiter_failed_open", { policy: deps.name, error: String(err) });
      return next();
    }
    if (!verdict.allowed) {
      const retry = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      throw new RateLimitedError(deps.name, {
        "retry-after": String(retry),
        "ratelimit-policy": policyHeader,
        ratelimit: `"${deps.name}";r=0;t=${retry}`,
      });
    }
    return next();
  };
  return mw;
};

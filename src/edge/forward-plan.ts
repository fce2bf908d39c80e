import type { Pool } from "../schema/pool.ts";
import type { Retry } from "../schema/retry.ts";
import { RetrySchema } from "../schema/retry.ts";
import { type PoolRuntime, poolRuntime } from "./pool-runtime.ts";
import { RetryBudget } from "./retry-budget.ts";
import { compileRetryOn, type RetryMatcher } from "./retry-policy.ts";

/** The fields of a forward action that the pools work reads (see ForwardPoolFields in schema/retry.ts). */
export interface PoolForwardAction {
  pool?: string | undefined;
  pools?: readonly string[] | undefined;
  fallbackPool?: string | undefined;
  retry?: Retry | undefined;
  lastResort?: boolean | undefined;
}

/** A forward action prepared once per config version: its pool chain, retry matcher and budget. */
export interface CompiledForward {
  readonly pools: Readonly<Record<string, Pool>>;
  readonly chainNames: readonly string[];
  readonly chain: readonly PoolRuntime[];
  readonly retry: Retry;
  readonly retryOn: RetryMatcher;
  readonly budget: RetryBudget;
  readonly lastResort: boolean;
  /** Some pool of the chain uses cookie affinity (else no cookie is parsed). */
  readonly cookieAffinity: boolean;
}

const DEFAULT_RETRY = RetrySchema.parse(undefined);
const cache = new WeakMap<object, CompiledForward>();

/** Chain = `pools` (or `pool`), then `fallbackPool`; duplicates dropped, unknown names skipped. */
export function chainOf(action: PoolForwardAction): string[] {
  const names = [...(action.pools ?? (action.pool !== undefined ? [action.pool] : []))];
  if (action.fallbackPool !== undefined) names.push(action.fallbackPool);
  return [...new Set(names)];
}

export function compileForward(action: PoolForwardAction, pools: Readonly<Record<string, Pool>>): CompiledForward {
  const hit = cache.get(action);
  if (hit !== undefined && hit.pools === pools) return hit;
  const chainNames = chainOf(action);
  const chain: PoolRuntime[] = [];
  for (const name of chainNames) {
    const rt = poolRuntime(pools, name);
    if (rt !== undefined) chain.push(rt);
  }
  const retry = action.retry ?? DEFAULT_RETRY;
  const compiled: CompiledForward = {
    pools,
    chainNames,
    chain,
    retry,
    retryOn: compileRetryOn(retry.retryOn),
    budget: new RetryBudget(retry.budget.percent, retry.budget.minPerSecond),
    lastResort: action.lastResort ?? false,
    cookieAffinity: chain.some((rt) => rt.pool.affinity?.type === "cookie"),
  };
  cache.set(action, compiled);
  return compiled;
}

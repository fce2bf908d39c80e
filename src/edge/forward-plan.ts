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

/** A forward action prepared once per table version: its pool chain, retry matcher and budget. */
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

/**
 * The plan of one forward action under one table version: its pool chain (the version's pool
 * runtimes, shared by every route naming the pool), retry matcher and budget (per route).
 */
export function compileForward(
  action: PoolForwardAction,
  pools: Readonly<Record<string, Pool>>,
  runtimeOf: (name: string) => PoolRuntime | undefined,
): CompiledForward {
  const chainNames = chainOf(action);
  const chain: PoolRuntime[] = [];
  for (const name of chainNames) {
    const rt = runtimeOf(name);
    if (rt !== undefined) chain.push(rt);
  }
  const retry = action.retry ?? DEFAULT_RETRY;
  return {
    pools,
    chainNames,
    chain,
    retry,
    retryOn: compileRetryOn(retry.retryOn),
    budget: new RetryBudget(retry.budget.percent, retry.budget.minPerSecond),
    lastResort: action.lastResort ?? false,
    cookieAffinity: chain.some((rt) => rt.pool.affinity?.type === "cookie"),
  };
}

/**
 * For callers without an Edge (unit tests, tools that call forwardToPools directly): the plan of
 * `action`, made once per (action, pools record) and kept while both live. The worker never uses
 * this: its plans hang off the compiled routes (src/edge/route.ts).
 */
export function forwardPlanFor(action: PoolForwardAction, pools: Readonly<Record<string, Pool>>): CompiledForward {
  const hit = cache.get(action);
  if (hit !== undefined && hit.pools === pools) return hit;
  const compiled = compileForward(action, pools, (name) => poolRuntime(pools, name));
  cache.set(action, compiled);
  return compiled;
}

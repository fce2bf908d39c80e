import { emitEvent } from "./events.ts";

/**
 * Turns per-request pool outcomes into state-change events: `failover` when a route's chain starts
 * being served by a later pool, `failover_recovered` when its first pool serves again, `pool_down`
 * when no pool of the chain has a usable origin. Keyed by the compiled forward action (one per
 * route and table version), so a state is reported once per isolate, not once per request.
 */
const lastState = new WeakMap<object, string>();

function transition(key: object, state: string): string | undefined {
  const prev = lastState.get(key);
  if (prev === state) return undefined;
  lastState.set(key, state);
  return prev ?? "";
}

export function noteServedBy(key: object, chain: readonly string[], pool: string): void {
  const primary = pool === chain[0];
  const prev = transition(key, primary ? "primary" : `failover:${pool}`);
  if (prev === undefined || (primary && prev === "")) return;
  if (primary) emitEvent("info", "failover_recovered", { chain, pool });
  else emitEvent("warn", "failover", { chain, from: chain[0] ?? null, to: pool });
}

export function notePoolDown(key: object, chain: readonly string[]): void {
  if (transition(key, "down") !== undefined) emitEvent("error", "pool_down", { chain });
}

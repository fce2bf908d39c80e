import { RandomBalancer } from "../lb/random.ts";
import type { Endpoint } from "../lb/types.ts";
import type { Origin, Pool } from "../schema/pool.ts";
import { NoOriginError } from "../worker/errors.ts";

/**
 * SEAM (pools work replaces this): chooses the origin for one attempt.
 * For now: weighted random over all origins of the pool (no health, no affinity).
 */
interface OriginEndpoint extends Endpoint {
  readonly origin: Origin;
}

// Built once per pool object, i.e. once per config version (pools are immutable after parsing).
const endpointsByPool = new WeakMap<Pool, readonly OriginEndpoint[]>();
const balancer = new RandomBalancer<OriginEndpoint>();

function endpointsOf(pool: Pool): readonly OriginEndpoint[] {
  let eps = endpointsByPool.get(pool);
  if (eps === undefined) {
    eps = pool.origins.map((o) => ({ id: o.name, weight: o.weight, origin: o }));
    endpointsByPool.set(pool, eps);
  }
  return eps;
}

export function pickOrigin(poolName: string, pool: Pool | undefined): Origin {
  const picked = pool === undefined ? undefined : balancer.pick(endpointsOf(pool));
  if (picked === undefined) throw new NoOriginError(poolName);
  return picked.origin;
}

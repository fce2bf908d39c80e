import type { BackendPool } from "../../pool/pool.ts";
import { ipFamily } from "./binding.ts";

/** Per backend list (a pool replaces its array at every reload): whether every address is an IP literal. */
const allIp = new WeakMap<readonly unknown[], boolean>();

/**
 * Whether the raw path can connect to any backend of `pool` without a name look-up. Pools with a
 * host name keep net.connect (its look-up and address-family fallback).
 */
export function rawEligiblePool(pool: BackendPool): boolean {
  const list = pool.backends;
  let ok = allIp.get(list);
  if (ok === undefined) {
    ok = list.every((b) => ipFamily(b.address) !== 0);
    allIp.set(list, ok);
  }
  return ok;
}

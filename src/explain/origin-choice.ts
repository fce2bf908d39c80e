/**
 * Which origin of a pool takes the request, when that is decidable offline (every origin assumed
 * healthy, no attempt made yet): header affinity and `hash` balancing are deterministic given the
 * request's key, `first` takes the first origin with weight; round robin, random, least outstanding
 * and cookie affinity (signed with the worker's secret) depend on live state.
 */
import { FirstBalancer } from "../lb/first.ts";
import { RendezvousBalancer } from "../lb/rendezvous.ts";
import { RequestFacts } from "../pipeline/upstream/request-facts.ts";
import type { Origin, Pool } from "../schema/pool.ts";

export interface OriginChoice {
  /** The origin's name when decided. */
  origin: string | null;
  decided: boolean;
  why: string;
}

type Ep = { id: string; weight: number; origin: Origin };

export function chooseOrigin(pool: Pool, headers: Headers, search: string): OriginChoice {
  const eps: Ep[] = pool.origins.map((o) => ({ id: o.name, weight: o.weight, origin: o }));
  const facts = new RequestFacts(headers, search, headers.get("cf-connecting-ip") ?? "");
  const a = pool.affinity;
  if (a?.type === "cookie" && facts.cookie(a.name) !== undefined)
    return { origin: null, decided: false, why: `affinity cookie ${a.name} (signed; decided by the worker)` };
  if (a?.type === "header") {
    const key = headers.get(a.name);
    if (key !== null && key !== "") {
      const ep = new RendezvousBalancer<Ep>().pick(eps, { key });
      return { origin: ep?.id ?? null, decided: ep !== undefined, why: `header affinity on ${a.name}` };
    }
  }
  const policy = pool.balance.policy;
  if (policy === "first") {
    const ep = new FirstBalancer<Ep>().pick(eps);
    return { origin: ep?.id ?? null, decided: ep !== undefined, why: "first origin in order (all healthy)" };
  }
  if (policy === "hash") {
    const key = facts.hashKey(pool.balance.hashOn);
    if (key === undefined)
      return { origin: null, decided: false, why: "hash key absent from the request: weighted random" };
    const ep = new RendezvousBalancer<Ep>().pick(eps, { key });
    return {
      origin: ep?.id ?? null,
      decided: ep !== undefined,
      why: "rendezvous hash of the request's key (all healthy)",
    };
  }
  return { origin: null, decided: false, why: `${policy} among healthy origins (live state)` };
}

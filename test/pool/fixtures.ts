import type { PoolForwardAction } from "../../src/edge/forward-plan.ts";
import { ALL_UP, type HealthView } from "../../src/health/view.ts";
import type { UpstreamRequest } from "../../src/pipeline/upstream/fetch-origin.ts";
import {
  forwardToPools,
  type PoolForwardInput,
  type PoolForwardResult,
} from "../../src/pipeline/upstream/forward-pools.ts";
import { RequestFacts } from "../../src/pipeline/upstream/request-facts.ts";
import { type Pool, PoolSchema } from "../../src/schema/pool.ts";
import { RetrySchema } from "../../src/schema/retry.ts";
import type { TestOrigin } from "./origins.ts";

/** A pool with active health checks configured (so health views apply to it), plus `extra`. */
export function pool(origins: (TestOrigin | { name: string; url: string })[], extra: object = {}): Pool {
  return PoolSchema.parse({
    origins: origins.map((o) => ({ name: o.name, url: o.url })),
    health: { path: "/health" },
    ...extra,
  });
}

export function action(a: Omit<PoolForwardAction, "retry"> & { retry?: object }): PoolForwardAction {
  return { ...a, retry: RetrySchema.parse(a.retry ?? {}) };
}

export interface Req {
  method?: string;
  headers?: Record<string, string>;
  search?: string;
  body?: Uint8Array;
  timeoutMs?: number;
  clientIp?: string;
}

export function upstream(r: Req = {}): UpstreamRequest {
  const body = r.body;
  return {
    method: r.method ?? "GET",
    path: "/x",
    search: r.search ?? "",
    headers: new Headers(r.headers),
    body: body === undefined ? null : new Response(body).body,
    timeoutMs: r.timeoutMs ?? 10_000,
  };
}

/** Sends one request through `forwardToPools` and reads the body (so connections are released). */
export async function send(
  pools: Record<string, Pool>,
  act: PoolForwardAction,
  r: Req = {},
  extra: Partial<PoolForwardInput> = {},
): Promise<PoolForwardResult & { json: { origin: string } }> {
  const up = upstream(r);
  const res = await forwardToPools({
    pools,
    action: act,
    up,
    facts: new RequestFacts(new Headers(up.headers), r.search ?? "", r.clientIp ?? ""),
    health: extra.health ?? ALL_UP,
    ...extra,
  });
  const json = (await res.response.json()) as { origin: string };
  return { ...res, json };
}

/** A health view with the named `pool/origin` pairs down. */
export function downView(...down: string[]): HealthView {
  const set = new Set(down);
  return { isUp: (p, o) => !set.has(`${p}/${o.name}`) };
}

/**
 * Edge documents for the bench: the same templates as the baselines, written as our route table.
 * Path-only tables map route i to `{ name: "r<i>", match: { methods, path: { template } } }`.
 * The conditions table gives every path four routes, tried in order: a canary cookie, a beta
 * client header (prefix match), a dated API version header, then the plain route.
 */
import type { RouteTemplate } from "./templates.ts";

export const BENCH_HOST = "api.example.test";

export function poolsFor(originUrl: string): Record<string, unknown> {
  const pool = (name: string) => ({ origins: [{ name, url: originUrl }] });
  return { main: pool("main"), canary: pool("canary"), beta: pool("beta"), v2: pool("v2") };
}

export function pathOnlyDoc(
  routes: readonly RouteTemplate[],
  originUrl = "http://127.0.0.1:9",
): Record<string, unknown> {
  return {
    version: `bench-path-${routes.length}`,
    pools: poolsFor(originUrl),
    virtualHosts: [
      {
        name: "api",
        domains: [BENCH_HOST, "*"],
        routes: routes.map((r) => ({
          name: `r${r.index}`,
          match: { methods: [r.method], path: { template: r.path } },
          action: { type: "forward", pool: "main" },
        })),
      },
    ],
  };
}

export const CANARY_COOKIE = "canary";
export const BETA_AGENT = "beta-client/";
export const VERSION_HEADER = "x-api-version";
export const V2_DATE = "2026-03-10";

export function conditionsDoc(
  routes: readonly RouteTemplate[],
  originUrl = "http://127.0.0.1:9",
): Record<string, unknown> {
  const out: unknown[] = [];
  for (const r of routes) {
    const base = { methods: [r.method], path: { template: r.path } };
    out.push(
      {
        name: `r${r.index}.canary`,
        match: { ...base, cookies: [{ name: CANARY_COOKIE, exact: "1" }] },
        action: { type: "forward", pool: "canary" },
      },
      {
        name: `r${r.index}.beta`,
        match: { ...base, headers: [{ name: "user-agent", prefix: BETA_AGENT }] },
        action: { type: "forward", pool: "beta" },
      },
      {
        name: `r${r.index}.v2`,
        match: { ...base, apiVersion: { from: [{ type: "header", name: VERSION_HEADER }], exact: V2_DATE } },
        action: { type: "forward", pool: "v2" },
      },
      { name: `r${r.index}`, match: base, action: { type: "forward", pool: "main" } },
    );
  }
  return {
    version: `bench-cond-${routes.length}`,
    pools: poolsFor(originUrl),
    virtualHosts: [{ name: "api", domains: [BENCH_HOST, "*"], routes: out }],
  };
}

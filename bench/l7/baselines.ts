/**
 * The routers we compare with, loaded with the same templates: Hono's RegExpRouter (the router
 * Hono picks for speed) and find-my-way (Fastify's router) in its default tree walk and in its
 * compiled mode. Each exposes `route(i)`: the index of the route chosen for request i, or -1.
 */
import FindMyWay from "find-my-way";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { BenchRequest, RouteTemplate } from "./templates.ts";

export interface LoadedRouter {
  name: string;
  /** Replays requests [0, n) once; returns a checksum so the JIT cannot drop the work. */
  pass(): number;
  /** Name of the route chosen for request i (`r<index>`, or "none"), for the agreement check; not timed. */
  routeOf(i: number): string;
}

/**
 * RegExpRouter rejects a table where a parameter shares its position with a literal sibling
 * (`/user/blocks` next to `/user/{id}`): it throws UnsupportedPathError and Hono falls back to a
 * slower router. Keep the routes it accepts, in order, so every router gets the same table.
 */
export function regExpRouterSubset(routes: readonly RouteTemplate[]): RouteTemplate[] {
  const probe = new RegExpRouter<number>();
  const kept: RouteTemplate[] = [];
  for (const r of routes) {
    try {
      probe.add(r.method, r.colonPath, r.index);
      kept.push(r);
    } catch {
      /* UnsupportedPathError: dropped from every router's table */
    }
  }
  return kept;
}

export function loadHono(routes: readonly RouteTemplate[], reqs: readonly BenchRequest[]): LoadedRouter {
  const router = new RegExpRouter<number>();
  for (const r of routes) router.add(r.method, r.colonPath, r.index);
  const methods = reqs.map((q) => q.method);
  const paths = reqs.map((q) => q.path);
  return {
    name: "hono-regexp",
    pass() {
      let sum = 0;
      for (let i = 0; i < paths.length; i++) {
        const m = router.match(methods[i]!, paths[i]!);
        sum += m[0].length;
      }
      return sum;
    },
    routeOf(i) {
      const [handlers] = router.match(methods[i]!, paths[i]!);
      return handlers.length ? `r${handlers[0]![0]}` : "none";
    },
  };
}

export function loadFindMyWay(
  routes: readonly RouteTemplate[],
  reqs: readonly BenchRequest[],
  compiled: boolean,
): LoadedRouter {
  const router = FindMyWay({ ignoreTrailingSlash: false });
  for (const r of routes) router.on(r.method as "GET", r.colonPath, () => {}, { index: r.index });
  if (compiled) router.compile();
  const methods = reqs.map((q) => q.method as "GET");
  const paths = reqs.map((q) => q.path);
  return {
    name: compiled ? "find-my-way-compiled" : "find-my-way",
    pass() {
      let sum = 0;
      for (let i = 0; i < paths.length; i++) {
        const m = router.find(methods[i]!, paths[i]!);
        if (m !== null) sum++;
      }
      return sum;
    },
    routeOf(i) {
      const m = router.find(methods[i]!, paths[i]!);
      return m ? `r${(m.store as { index: number }).index}` : "none";
    },
  };
}

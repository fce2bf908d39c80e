/**
 * The reference matcher: a plain linear scan, written for obviousness, not speed. The indexed
 * matcher (compile.ts) must agree with it on every case of test/router/conformance.ts.
 */
import type { EdgeConfig } from "../schema/index.ts";
import type { PathMatch, RouteAction } from "../schema/l7.ts";
import { compileSafeRegex, MAX_REGEX_INPUT } from "../schema/syntax/safe-regex.ts";
import { parseTemplate } from "../schema/syntax/template.ts";
import { domainMatches } from "./domains.ts";
import {
  buildResult,
  type CompiledRoute,
  checkRoute,
  compileRoute,
  orderRoutes,
  pathForRoute,
  type RouteCheck,
  referenceCheck,
} from "./route.ts";
import type { CompiledTable, MatchInput, MatchResult } from "./types.ts";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function templateRegex(template: string, ignoreCase: boolean): RegExp {
  let src = "";
  for (const seg of parseTemplate(template)) {
    if (seg.kind === "literal") src += `/${escapeRe(seg.text)}`;
    else if (seg.kind === "one") src += "/[^/]+";
    else src += "(?:/.*)?";
  }
  return new RegExp(`^${src}$`, ignoreCase ? "i" : "");
}

/** A straightforward path predicate for one path match. */
export function pathPredicate(p: PathMatch | undefined): (path: string) => boolean {
  if (!p) return () => true;
  const ci = !p.caseSensitive;
  const fold = (s: string) => (ci ? s.toLowerCase() : s);
  let test: (path: string) => boolean;
  if (p.exact !== undefined) {
    const e = fold(p.exact);
    test = (x) => fold(x) === e;
  } else if (p.prefix !== undefined) {
    const e = fold(p.prefix);
    test = (x) => fold(x).startsWith(e);
  } else if (p.segmentPrefix !== undefined) {
    const e = fold(p.segmentPrefix);
    test = (x) => e === "/" || fold(x) === e || fold(x).startsWith(`${e}/`);
  } else if (p.template !== undefined) {
    const re = templateRegex(p.template, ci);
    test = (x) => re.test(x);
  } else {
    const re = compileSafeRegex(p.regex!, ci);
    test = (x) => x.length <= MAX_REGEX_INPUT && re.test(x);
  }
  return p.invert ? (x) => !test(x) : test;
}

interface RefHost<A> {
  name: string;
  domains: string[];
  routes: Array<{ route: CompiledRoute<A>; path: (p: string) => boolean; check: RouteCheck }>;
}

function pickHost<A>(hosts: RefHost<A>[], host: string): RefHost<A> | undefined {
  const score = (d: string) =>
    d === "*" ? 0 : d.startsWith("*") ? 2_000_000 + d.length : d.endsWith("*") ? 1_000_000 + d.length : 3_000_000;
  let best: RefHost<A> | undefined;
  let bestScore = -1;
  for (const h of hosts) {
    for (const d of h.domains) {
      if (domainMatches(d, host) && score(d) > bestScore) {
        best = h;
        bestScore = score(d);
      }
    }
  }
  return best;
}

export function compileReferenceTable(config: EdgeConfig): CompiledTable<RouteAction> {
  const hosts: RefHost<RouteAction>[] = config.virtualHosts.map((vh) => ({
    name: vh.name,
    domains: vh.domains,
    routes: orderRoutes(vh.routes).map(({ route, index }, rank) => {
      const compiled = compileRoute<RouteAction>(route, index, rank, vh.name);
      return { route: compiled, path: pathPredicate(route.match.path), check: referenceCheck(compiled) };
    }),
  }));
  return {
    version: config.version,
    config,
    match(input: MatchInput): MatchResult<RouteAction> | null {
      const host = pickHost(hosts, input.host);
      if (!host) return null;
      for (const { route, path, check } of host.routes) {
        const seen = pathForRoute(route, input.path);
        if (!path(seen.matched)) continue;
        const verdict = checkRoute(route, check, input, seen.version);
        if (verdict !== false) return buildResult(route, input, seen.matched, verdict);
      }
      return null;
    },
  };
}

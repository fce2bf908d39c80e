import { EdgeError } from "../core/errors/index.ts";
import { normalizePath } from "../pipeline/ingress/normalize-path.ts";
import { domainMatches } from "../router/domains.ts";
import { compileRoute, orderRoutes } from "../router/route.ts";
import type { MatchInput } from "../router/types.ts";
import type { EdgeConfig } from "../schema/index.ts";
import type { VirtualHost } from "../schema/l7.ts";
import { describeAction } from "./action.ts";
import { firstFailure } from "./first-failure.ts";
import { matcherOf } from "./matcher.ts";
import type { Candidate, ExplainInput, Explanation } from "./types.ts";

export type { ExplainInput, Explanation } from "./types.ts";

/** Virtual host precedence as the matcher applies it: exact > longest `*.suffix` > longest `prefix.*` > `*`. */
function pickHost(hosts: readonly VirtualHost[], host: string): { index: number; domain: string } | undefined {
  const score = (d: string) =>
    d === "*" ? 0 : d.startsWith("*") ? 2_000_000 + d.length : d.endsWith("*") ? 1_000_000 + d.length : 3_000_000;
  let best: { index: number; domain: string } | undefined;
  let bestScore = -1;
  hosts.forEach((h, index) => {
    for (const d of h.domains)
      if (domainMatches(d, host) && score(d) > bestScore) {
        best = { index, domain: d };
        bestScore = score(d);
      }
  });
  return best;
}

/** The request's headers as the edge sees them (client IP and country as Cloudflare would add them). */
export function requestHeadersOf(input: ExplainInput): Headers {
  const h = new Headers(input.headers ?? {});
  if (input.ip !== undefined) h.set("cf-connecting-ip", input.ip);
  if (input.country !== undefined) h.set("cf-ipcountry", input.country.toUpperCase());
  return h;
}

/**
 * Which virtual host and route a request takes and why: every route tried before the chosen one
 * with its first failing condition, then the action, policies, pool chain and the origin request.
 * Pure (no I/O): the CLI, the admin API and the worker's debug header all call it.
 */
export function explainRequest(config: EdgeConfig, input: ExplainInput): Explanation {
  const url = new URL(input.url);
  const method = input.method.toUpperCase();
  let host = url.hostname.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  const out: Explanation = {
    request: { method, host, path: url.pathname, query: url.search },
    virtualHost: null,
    candidates: [],
    route: null,
    action: null,
    policies: [],
    pools: [],
    originRequest: null,
  };
  let path: string;
  try {
    path = normalizePath(url.pathname, config.settings.path);
  } catch (err) {
    if (err instanceof EdgeError) return { ...out, error: { code: err.code, message: err.message } };
    throw err;
  }
  out.request.path = path;
  const headers = requestHeadersOf(input);
  const match: MatchInput = { method, host, path, query: url.searchParams, headers };
  const picked = pickHost(config.virtualHosts, host);
  const real = matcherOf(config).match(match);
  if (picked === undefined) {
    if (real !== null) out.warning = `the compiled matcher chose ${real.virtualHost}/${real.routeName}`;
    return { ...out, error: { code: "NO_ROUTE", message: `no virtual host serves "${host}"` } };
  }
  const vh = config.virtualHosts[picked.index]!;
  out.virtualHost = { name: vh.name, path: `$.virtualHosts[${picked.index}]`, domain: picked.domain };
  for (const [rank, { route, index }] of orderRoutes(vh.routes).entries()) {
    const at = `$.virtualHosts[${picked.index}].routes[${index}]`;
    const compiled = compileRoute<unknown>(route, index, rank, vh.name);
    const failed = firstFailure(route, compiled, match, at);
    const c: Candidate = { route: compiled.name, path: at, priority: route.priority, matched: failed === undefined };
    if (failed !== undefined) c.failed = failed;
    out.candidates.push(c);
    if (failed === undefined) break;
  }
  const chosen = out.candidates.at(-1);
  if (chosen === undefined || !chosen.matched) {
    if (real !== null) out.warning = `the compiled matcher chose ${real.routeName}`;
    return { ...out, error: { code: "NO_ROUTE", message: `no route of "${vh.name}" matches ${method} ${path}` } };
  }
  if (real === null || real.routeName !== chosen.route)
    out.warning = `the compiled matcher chose ${real?.routeName ?? "nothing"}`;
  const routeIndex = Number(/routes\[(\d+)\]$/.exec(chosen.path)![1]);
  const route = vh.routes[routeIndex]!;
  out.route = {
    name: chosen.route,
    path: chosen.path,
    apiVersion: real?.apiVersion ?? null,
    params: real === null ? {} : { ...real.params },
  };
  const forwardPath = real?.forwardPath ?? path;
  return {
    ...out,
    ...describeAction(
      config,
      route,
      vh,
      chosen.path,
      `$.virtualHosts[${picked.index}]`,
      forwardPath,
      url,
      headers,
      method,
    ),
  };
}

/**
 * CORS on hono/cors, with the allowed origins compiled once: exact origins in a Set, `*.suffix`
 * as a suffix test, `{regex}` on re2js (linear time). Preflights are answered at the edge (never
 * forwarded unless `forwardPreflight`); a preflight for a refused origin, method or header is a
 * 403 CORS_REFUSED. A simple request from a refused origin passes without CORS headers (the browser
 * then withholds the response, as the standard intends).
 */
import { cors } from "hono/cors";
import { RE2JS } from "re2js";
import type { CorsPolicy } from "../../schema/policies.ts";
import { CorsRefusedError } from "../errors.ts";
import type { PolicyFactory, PolicyMiddleware } from "../types.ts";

export function originMatcher(origins: CorsPolicy["origins"]): (origin: string) => boolean {
  if (origins.includes("*")) return () => true;
  const exact = new Set<string>();
  const suffixes: { scheme: string; suffix: string }[] = [];
  const regexes: RE2JS[] = [];
  for (const o of origins) {
    if (typeof o !== "string") regexes.push(RE2JS.compile(o.regex));
    else if (o.includes("://*.")) {
      const [scheme, rest] = o.split("://*");
      suffixes.push({ scheme: `${scheme}://`, suffix: rest! });
    } else exact.add(o);
  }
  return (origin) =>
    exact.has(origin) ||
    suffixes.some(
      (s) =>
        origin.startsWith(s.scheme) && origin.endsWith(s.suffix) && origin.length > s.scheme.length + s.suffix.length,
    ) ||
    regexes.some((r) => r.matches(origin));
}

export const corsPolicy: PolicyFactory<CorsPolicy> = (p, deps) => {
  const allowed = originMatcher(p.origins);
  const any = p.origins.includes("*") && !p.credentials;
  const methods = new Set(p.methods.map((m) => m.toUpperCase()));
  const headers = new Set(p.allowHeaders.map((h) => h.toLowerCase()));
  const what = `policy "${deps.name}":`;
  const hono = cors({
    origin: any ? "*" : (origin) => (origin && allowed(origin) ? origin : null),
    allowMethods: [...methods],
    allowHeaders: p.allowHeaders,
    exposeHeaders: p.exposeHeaders,
    credentials: p.credentials,
    ...(p.maxAgeSeconds !== undefined && { maxAge: p.maxAgeSeconds }),
  }) as unknown as PolicyMiddleware;

  const mw: PolicyMiddleware = async (c, next) => {
    const h = c.req.raw.headers;
    const origin = h.get("origin");
    if (origin === null) return next();
    const requested = h.get("access-control-request-method");
    if (c.req.method === "OPTIONS" && requested !== null) {
      if (p.forwardPreflight) return next();
      if (!allowed(origin)) throw new CorsRefusedError(`${what} origin ${origin} is not allowed`);
      if (!methods.has(requested.toUpperCase()))
        throw new CorsRefusedError(`${what} method ${requested} is not allowed`);
      if (headers.size > 0) {
        for (const name of (h.get("access-control-request-headers") ?? "").split(",")) {
          const n = name.trim().toLowerCase();
          if (n !== "" && !headers.has(n)) throw new CorsRefusedError(`${what} request header ${n} is not allowed`);
        }
      }
    }
    return hono(c, next);
  };
  return mw;
};

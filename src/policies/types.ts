/**
 * What every policy factory shares. A policy is a Hono MiddlewareHandler built once per table
 * version from its document entry; per-request facts travel on the Hono Context's variables.
 */
import type { Context, MiddlewareHandler } from "hono";

export interface PolicyVariables {
  /** CF-Connecting-IP (set by Cloudflare; tests and local runs set the same header). "" when absent. */
  clientIp: string;
  /** `sub` of a verified JWT (rate limits key on it). */
  jwtSubject: string | undefined;
  /** Name and tenant of the API key the apiKey policy accepted. */
  apiKeyName: string | undefined;
  apiKeyTenant: string | undefined;
}

export type PolicyEnv = { Bindings: Record<string, unknown>; Variables: PolicyVariables };
export type PolicyContext = Context<PolicyEnv>;
export type PolicyMiddleware = MiddlewareHandler<PolicyEnv>;

/** What a factory gets besides its config. */
export interface PolicyDeps {
  /** The policy's name in $.policies (messages, rate-limit key namespaces, RateLimit-Policy). */
  readonly name: string;
}

export type PolicyFactory<P> = (config: P, deps: PolicyDeps) => PolicyMiddleware;

/**
 * Edits the request the action will send upstream (headers to add or remove). The request is
 * rebuilt once per edit batch, as hono/body-limit does with `c.req.raw`.
 */
export function editRequestHeaders(c: PolicyContext, edit: (headers: Headers) => void): void {
  const raw = c.req.raw;
  const headers = new Headers(raw.headers);
  edit(headers);
  c.req.raw = new Request(raw, { headers });
}

/**
 * ISO country of the client: request.cf.country; without a `cf` object (local runs) the
 * x-edge-country header, honoured only when EDGE_TRUST_COUNTRY_HEADER=1 (never by default).
 * Read on demand: `request.cf` is costly to read in workerd.
 */
export function countryOf(c: PolicyContext): string | undefined {
  const request = c.req.raw;
  const cf = (request as { cf?: { country?: unknown } }).cf;
  if (typeof cf?.country === "string") return cf.country;
  return c.env.EDGE_TRUST_COUNTRY_HEADER === "1" ? (request.headers.get("x-edge-country") ?? undefined) : undefined;
}

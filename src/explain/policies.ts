import type { EdgeConfig } from "../schema/index.ts";
import type { Route, VirtualHost } from "../schema/l7.ts";
import type { Policy } from "../schema/policies.ts";

/** One policy of the chain, with what it would do to this request when that can be known offline. */
export interface PolicyStep {
  name: string;
  type: string;
  /** JSON path of the reference (in the virtual host's or the route's `policies`). */
  path: string;
  /** `refuses` (with its code), `passes`, `per request` (needs a secret, a key store or a counter), `not reached`. */
  verdict: "refuses" | "passes" | "per request" | "not reached";
  outcome: string;
}

interface Req {
  method: string;
  url: URL;
  headers: Headers;
}

const refuses = (code: string, status: number, why: string) =>
  ({ verdict: "refuses", outcome: `${status} ${code}: ${why}` }) as const;
const perRequest = (what: string) => ({ verdict: "per request", outcome: what }) as const;
const passes = (why: string) => ({ verdict: "passes", outcome: why }) as const;

/** Offline verdict of one policy: refusals a request's shape already decides, else what is checked live. */
function verdictOf(p: Policy, r: Req): Pick<PolicyStep, "verdict" | "outcome"> {
  const h = r.headers;
  switch (p.type) {
    case "jwt":
      return h.has(p.header)
        ? perRequest(`token in ${p.header} verified per request (signature, exp/nbf, issuer/audience, claims)`)
        : refuses("AUTH_REQUIRED", 401, `no token in ${p.header}`);
    case "cloudflareAccess":
      return h.has("cf-access-jwt-assertion")
        ? perRequest("Access token verified per request against the team's keys")
        : refuses("AUTH_REQUIRED", 401, "no Cf-Access-Jwt-Assertion header");
    case "apiKey": {
      const present = p.query !== undefined ? r.url.searchParams.has(p.query) : h.has(p.header ?? "x-api-key");
      const where = p.query !== undefined ? `query parameter ${p.query}` : (p.header ?? "x-api-key");
      return present
        ? perRequest(`key in ${where} checked per request against the stored SHA-256 hashes`)
        : refuses("AUTH_REQUIRED", 401, `no key in ${where}`);
    }
    case "basicAuth":
    case "bearerToken": {
      const scheme = p.type === "basicAuth" ? "basic " : "bearer ";
      const auth = h.get("authorization") ?? "";
      return auth.toLowerCase().startsWith(scheme)
        ? perRequest("credentials compared per request (constant time, stored hashes)")
        : refuses("AUTH_REQUIRED", 401, `no ${scheme.trim()} credentials in Authorization`);
    }
    case "ipFilter": {
      const country = h.get("cf-ipcountry")?.toUpperCase();
      if (country !== undefined && p.denyCountries?.includes(country))
        return refuses("FORBIDDEN", 403, `country ${country} is denied`);
      if (country !== undefined && p.allowCountries !== undefined && !p.allowCountries.includes(country))
        return refuses("FORBIDDEN", 403, `country ${country} is not allowed`);
      if (p.allow === undefined && p.deny === undefined)
        return country === undefined ? perRequest("by the client's country") : passes(`country ${country} allowed`);
      const ip = h.get("cf-connecting-ip");
      return perRequest(
        `${ip === null ? "the client address" : ip} against ${p.allow?.length ?? 0} allowed and ${p.deny?.length ?? 0} denied blocks`,
      );
    }
    case "rateLimit":
      return perRequest(
        `counted: ${p.limit} per ${p.windowSeconds} s by ${p.key.join("+")} (${p.backend === "binding" ? "Rate Limiting binding, per location" : "Durable Object, exact"})`,
      );
    case "cors": {
      if (!h.has("origin")) return passes("no Origin header: not a CORS request");
      const preflight = r.method === "OPTIONS" && h.has("access-control-request-method");
      if (preflight && !p.forwardPreflight)
        return perRequest("preflight answered at the edge (origin, method, headers)");
      return perRequest("CORS headers added when the Origin is allowed");
    }
    case "requestLimits": {
      if (p.methods !== undefined && !p.methods.includes(r.method))
        return refuses("METHOD_NOT_ALLOWED", 405, `${r.method} is not in ${p.methods.join(", ")}`);
      const urlBytes = new TextEncoder().encode(r.url.pathname + r.url.search).byteLength;
      if (p.maxUrlBytes !== undefined && urlBytes > p.maxUrlBytes)
        return refuses("URI_TOO_LONG", 414, `the URL has ${urlBytes} bytes (limit ${p.maxUrlBytes})`);
      return p.maxBodyBytes !== undefined
        ? perRequest(`body counted while streaming (limit ${p.maxBodyBytes} bytes)`)
        : passes("within the limits");
    }
    case "responseHeaders":
      return passes("edits the response headers (secure headers, removed server headers)");
  }
}

/**
 * The chain a request would run (virtual host policies first, minus the route's `skipPolicies`,
 * then the route's), each with its offline verdict; after the first refusal the rest is not reached.
 */
export function explainPolicies(
  config: EdgeConfig,
  route: Route,
  vh: VirtualHost,
  at: string,
  vhAt: string,
  req: Req,
): PolicyStep[] {
  const skip = new Set(route.skipPolicies ?? []);
  const refs: Array<[string, string]> = [];
  (vh.policies ?? []).forEach((n, i) => {
    if (!skip.has(n)) refs.push([n, `${vhAt}.policies[${i}]`]);
  });
  (route.policies ?? []).forEach((n, i) => refs.push([n, `${at}.policies[${i}]`]));
  let refused = false;
  return refs.map(([name, path]) => {
    const p = config.policies[name]!;
    if (refused) return { name, type: p.type, path, verdict: "not reached", outcome: "an earlier policy refuses" };
    const v = verdictOf(p, req);
    if (v.verdict === "refuses") refused = true;
    return { name, type: p.type, path, ...v };
  });
}

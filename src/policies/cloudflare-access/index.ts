/**
 * Cloudflare Access as a JWT preset: the `Cf-Access-Jwt-Assertion` header, RS256, the team's
 * JWKS at https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, issuer the team domain,
 * audience the application's AUD tag.
 */
import type { CloudflareAccessPolicy, JwtPolicy } from "../../schema/policies.ts";
import { jwtPolicy } from "../jwt/index.ts";
import type { PolicyFactory } from "../types.ts";

export function accessAsJwt(p: CloudflareAccessPolicy): JwtPolicy {
  return {
    type: "jwt",
    algorithms: ["RS256"],
    jwksUrl: p.certsUrl ?? `https://${p.teamDomain}/cdn-cgi/access/certs`,
    jwksCacheSeconds: 600,
    jwksCooldownSeconds: 30,
    header: "cf-access-jwt-assertion",
    scheme: "",
    issuer: `https://${p.teamDomain}`,
    audience: p.audience,
    clockSkewSeconds: 30,
    forwardClaims: p.forwardClaims,
    removeToken: false,
    tokenCacheSize: 1000,
    tokenCacheSeconds: 60,
  };
}

export const cloudflareAccessPolicy: PolicyFactory<CloudflareAccessPolicy> = (p, deps) =>
  jwtPolicy(accessAsJwt(p), deps);

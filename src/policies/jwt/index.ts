/**
 * JWT policy, verified by jose rather than hono/jwt: Hono's verifier takes one algorithm and one
 * key per middleware and its JWKS fetch has no bounded cache or unknown-kid cooldown; jose covers
 * HS256/384/512, RS256, PS256, ES256 and EdDSA, clock tolerance, iss/aud/required claims, and never
 * accepts `alg: none`. Key confusion is closed twice: the schema forbids mixing HS with public-key
 * algorithms, and `algorithms` is passed to every verification.
 */
import { errors, type JWTVerifyOptions, jwtVerify } from "jose";
import type { JwtPolicy } from "../../schema/policies.ts";
import {
  AuthInvalidError,
  AuthKeysUnavailableError,
  AuthRequiredError,
  challenge,
  InsufficientScopeError,
} from "../errors.ts";
import { editRequestHeaders, type PolicyFactory, type PolicyMiddleware } from "../types.ts";
import { claimHeaderValue, missingScopes } from "./claims.ts";
import { keySourceOf } from "./keys.ts";
import { TokenCache } from "./token-cache.ts";

const REALM = "edge";

/** jose's verdict as the edge's refusal (RFC 6750 §3.1 error codes in WWW-Authenticate). */
export function refusalOf(err: unknown, what: string): Error {
  const invalid = (why: string) =>
    new AuthInvalidError(`${what} ${why}`, challenge("Bearer", REALM, "invalid_token", why));
  if (err instanceof errors.JWTExpired) return invalid("token expired");
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "nbf") return invalid("token not yet valid");
    return invalid(`claim "${err.claim}" check failed (${err.reason})`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return invalid("token algorithm not allowed");
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalid("token signature invalid");
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
    return invalid("token key not found");
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError)
    return new AuthKeysUnavailableError("the JWKS", err);
  if (err instanceof errors.JOSEError) return invalid("token malformed");
  return new AuthKeysUnavailableError("the verification key", err);
}

export const jwtPolicy: PolicyFactory<JwtPolicy> = (p, deps) => {
  const keyOf = keySourceOf(p);
  const header = p.header;
  const scheme = p.scheme ?? (header === "authorization" ? "Bearer" : "");
  const prefix = scheme ? `${scheme.toLowerCase()} ` : "";
  const what = `policy "${deps.name}":`;
  const options: JWTVerifyOptions = {
    algorithms: [...p.algorithms],
    clockTolerance: p.clockSkewSeconds,
    ...(p.issuer !== undefined && { issuer: p.issuer }),
    ...(p.audience !== undefined && { audience: p.audience }),
    ...(p.requiredClaims !== undefined && { requiredClaims: p.requiredClaims }),
  };
  const forward = Object.entries(p.forwardClaims ?? {});
  const scopes = p.scopes ?? [];
  const edits = forward.length > 0 || p.removeToken;
  const cache = new TokenCache(p.tokenCacheSize, p.tokenCacheSeconds * 1000, p.clockSkewSeconds * 1000);

  const mw: PolicyMiddleware = async (c, next) => {
    const raw = c.req.raw.headers.get(header);
    if (raw === null || raw === "")
      throw new AuthRequiredError(`${what} a token`, challenge(scheme || "Bearer", REALM));
    if (prefix && raw.slice(0, prefix.length).toLowerCase() !== prefix)
      throw new AuthInvalidError(
        `${what} ${header} must use the ${scheme} scheme`,
        challenge(scheme, REALM, "invalid_request"),
      );
    const token = raw.slice(prefix.length).trim();
    const key = keyOf(c.env);
    if (key === null) throw new AuthKeysUnavailableError(`the secret ${p.secretEnv}`, undefined);
    const now = Date.now();
    let payload = cache.get(token, now);
    if (payload === undefined) {
      try {
        payload = (await jwtVerify(token, key, options)).payload;
      } catch (err) {
        throw refusalOf(err, what);
      }
      cache.set(token, payload, now);
    }
    if (scopes.length) {
      const missing = missingScopes(payload, scopes);
      if (missing.length)
        throw new InsufficientScopeError(
          `${what} token lacks scope ${missing.join(" ")}`,
          `${challenge("Bearer", REALM, "insufficient_scope")}, scope="${scopes.join(" ")}"`,
        );
    }
    c.set("jwtSubject", typeof payload.sub === "string" ? payload.sub : undefined);
    if (edits)
      editRequestHeaders(c, (h) => {
        if (p.removeToken) h.delete(header);
        for (const [claim, name] of forward) {
          const v = claimHeaderValue(payload[claim]);
          if (v === undefined) h.delete(name);
          else h.set(name, v);
        }
      });
    await next();
  };
  return mw;
};

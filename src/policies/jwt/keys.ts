/**
 * Where a JWT policy's verification key comes from, resolved once per table version: an HS secret
 * (inline or a Worker secret read from env), inline public keys (JWK or PEM), or a JWKS URL cached
 * in the isolate by jose (bounded lifetime `cacheMaxAge`; an unknown `kid` refetches at most once
 * per `cooldownDuration`).
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importSPKI,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";
import type { JwtPolicy } from "../../schema/policies.ts";

export type KeySource = (env: Record<string, unknown>) => JWTVerifyGetKey | null;

const encoder = new TextEncoder();
const HMAC_HASH: Record<string, string> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };

/**
 * An HS secret as HMAC CryptoKeys, imported once per algorithm and kept (jose would import raw
 * bytes again on every verification, the larger part of an HS256 check's cost).
 */
function hmacKeys(secret: string): JWTVerifyGetKey {
  const bytes = encoder.encode(secret);
  const keys = new Map<string, Promise<CryptoKey>>();
  return (header) => {
    const alg = header.alg ?? "";
    let k = keys.get(alg);
    if (k === undefined) {
      const hash = HMAC_HASH[alg];
      // An algorithm outside the policy's list is refused by jose before the key is used.
      if (hash === undefined) return bytes;
      keys.set(alg, (k = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash }, false, ["verify"])));
    }
    return k;
  };
}

export function keySourceOf(p: JwtPolicy): KeySource {
  if (p.secret !== undefined) {
    const getKey = hmacKeys(p.secret);
    return () => getKey;
  }
  if (p.secretEnv !== undefined) {
    const name = p.secretEnv;
    let last: { text: string; getKey: JWTVerifyGetKey } | undefined;
    return (env) => {
      const text = env[name];
      if (typeof text !== "string" || text === "") return null;
      if (last?.text !== text) last = { text, getKey: hmacKeys(text) };
      return last.getKey;
    };
  }
  if (p.jwksUrl !== undefined) {
    const set = createRemoteJWKSet(new URL(p.jwksUrl), {
      cacheMaxAge: p.jwksCacheSeconds * 1000,
      cooldownDuration: p.jwksCooldownSeconds * 1000,
      timeoutDuration: 5000,
    });
    return () => set;
  }
  const keys = p.keys ?? [];
  const jwks = keys.filter((k): k is Record<string, string> => typeof k !== "string") as unknown as JWK[];
  const pems = keys.filter((k): k is string => typeof k === "string");
  const local = jwks.length ? createLocalJWKSet({ keys: jwks } as JSONWebKeySet) : undefined;
  // PEM keys carry no kid or alg: imported per algorithm on first use, then kept.
  const imported = new Map<string, Promise<CryptoKey>>();
  const pem: JWTVerifyGetKey | undefined = pems.length
    ? (header) => {
        const alg = header.alg ?? "";
        let k = imported.get(alg);
        if (k === undefined) imported.set(alg, (k = importSPKI(pems[0]!, alg)));
        return k;
      }
    : undefined;
  const getKey: JWTVerifyGetKey = (header, token) =>
    local && (header.kid !== undefined || !pem) ? local(header, token) : pem!(header, token);
  return () => getKey;
}

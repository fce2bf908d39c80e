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

export type KeySource = (env: Record<string, unknown>) => JWTVerifyGetKey | Uint8Array | null;

const encoder = new TextEncoder();

export function keySourceOf(p: JwtPolicy): KeySource {
  if (p.secret !== undefined) {
    const bytes = encoder.encode(p.secret);
    return () => bytes;
  }
  if (p.secretEnv !== undefined) {
    const name = p.secretEnv;
    let last: { text: string; bytes: Uint8Array } | undefined;
    return (env) => {
      const text = env[name];
      if (typeof text !== "string" || text === "") return null;
      if (last?.text !== text) last = { text, bytes: encoder.encode(text) };
      return last.bytes;
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

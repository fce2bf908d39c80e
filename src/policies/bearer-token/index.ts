/**
 * Static bearer tokens on hono/bearer-auth (parsing, RFC 6750 challenges) with `verifyToken`
 * comparing the token's SHA-256 with the stored digests in constant time; a token from a Worker
 * secret (`tokenEnv`) is hashed the same way.
 */
import { bearerAuth } from "hono/bearer-auth";
import type { BearerTokenPolicy } from "../../schema/policies.ts";
import { challenge } from "../errors.ts";
import { constantTimeEqual, hexToBytes } from "../hash.ts";
import { editRequestHeaders, type PolicyFactory, type PolicyMiddleware } from "../types.ts";

const encoder = new TextEncoder();

export const bearerTokenPolicy: PolicyFactory<BearerTokenPolicy> = (p) => {
  const stored = p.tokens.map((t) => hexToBytes(t.sha256));
  const check = bearerAuth({
    realm: p.realm,
    // Hono's default challenge for a wrong token drops the realm; keep it (RFC 6750 §3).
    invalidToken: { wwwAuthenticateHeader: challenge("Bearer", p.realm, "invalid_token") },
    verifyToken: async (token, c) => {
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(token)));
      let ok = false;
      // Every candidate is compared (no early exit), so timing does not say which one matched.
      for (const s of stored) ok = constantTimeEqual(digest, s) || ok;
      const fromEnv = p.tokenEnv === undefined ? undefined : (c.env as Record<string, unknown>)[p.tokenEnv];
      if (typeof fromEnv === "string" && fromEnv !== "") {
        const want = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(fromEnv)));
        ok = constantTimeEqual(digest, want) || ok;
      }
      if (ok && p.removeToken) editRequestHeaders(c as never, (h) => h.delete("authorization"));
      return ok;
    },
  });
  return check as unknown as PolicyMiddleware;
};

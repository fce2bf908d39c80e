/**
 * Basic auth on hono/basic-auth (parsing, challenge) with `verifyUser` checking a stored hash:
 * PBKDF2-SHA256 or SHA-256, compared in constant time. An unknown user costs the same hash as a
 * known one, so response time does not reveal which user names exist.
 */
import { basicAuth } from "hono/basic-auth";
import type { BasicAuthPolicy } from "../../schema/policies.ts";
import { passwordVerifier } from "../hash.ts";
import { editRequestHeaders, type PolicyFactory, type PolicyMiddleware } from "../types.ts";

export const basicAuthPolicy: PolicyFactory<BasicAuthPolicy> = (p) => {
  const users = new Map(p.users.map((u) => [u.username, passwordVerifier(u.password)]));
  const decoy = passwordVerifier(p.users[0]!.password);
  const check = basicAuth({
    realm: p.realm,
    verifyUser: async (username, password) => {
      const v = users.get(username);
      const ok = await (v ?? decoy).verify(password);
      return ok && v !== undefined;
    },
    onAuthSuccess: (c, username) => {
      if (p.forwardUserHeader === undefined && !p.removeCredentials) return;
      editRequestHeaders(c, (h) => {
        if (p.removeCredentials) h.delete("authorization");
        if (p.forwardUserHeader !== undefined) h.set(p.forwardUserHeader, username);
      });
    },
  });
  return check as unknown as PolicyMiddleware;
};

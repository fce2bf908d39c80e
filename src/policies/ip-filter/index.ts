/**
 * IP allow/deny by address or CIDR (IPv4 and IPv6) on hono/ip-restriction, plus allow/deny by
 * country. The address is CF-Connecting-IP (the Context's `clientIp`); without one the request is
 * refused (nothing to check against). The country is request.cf.country (see countryOf in types.ts for local runs);
 * an unknown country fails an allow list and passes a deny list.
 */
import { ipRestriction } from "hono/ip-restriction";
import type { IpFilterPolicy } from "../../schema/policies.ts";
import { ForbiddenError } from "../errors.ts";
import { countryOf, type PolicyContext, type PolicyFactory, type PolicyMiddleware } from "../types.ts";

export const ipFilterPolicy: PolicyFactory<IpFilterPolicy> = (p, deps) => {
  const what = `policy "${deps.name}":`;
  const byAddress =
    p.allow?.length || p.deny?.length
      ? (ipRestriction(
          (c) => (c as unknown as PolicyContext).get("clientIp"),
          { allowList: p.allow ?? [], denyList: p.deny ?? [] },
          (remote) => {
            throw new ForbiddenError(`${what} client address ${remote.addr} is not allowed`);
          },
        ) as unknown as PolicyMiddleware)
      : undefined;
  const allowC = p.allowCountries?.length ? new Set(p.allowCountries) : undefined;
  const denyC = p.denyCountries?.length ? new Set(p.denyCountries) : undefined;

  const mw: PolicyMiddleware = async (c, next) => {
    if (allowC || denyC) {
      const country = countryOf(c);
      if (
        (denyC && country !== undefined && denyC.has(country)) ||
        (allowC && (country === undefined || !allowC.has(country)))
      )
        throw new ForbiddenError(`${what} requests from country ${country ?? "(unknown)"} are not allowed`);
    }
    if (byAddress === undefined) return next();
    if (c.get("clientIp") === "") throw new ForbiddenError(`${what} no client address (CF-Connecting-IP) to check`);
    return byAddress(c, next);
  };
  return mw;
};

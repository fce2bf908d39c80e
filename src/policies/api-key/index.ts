/**
 * API keys from a header or query parameter. Only SHA-256 digests are stored: in the document
 * (`keys`) and/or in the ROUTES KV namespace at `<kvPrefix><hex digest>` with a JSON value
 * `{"name": "...", "tenant": "..."}`, so keys are added and revoked without a new table version.
 * The presented key is hashed and looked up by digest; the digest, not the key, decides timing.
 * The key's name (and tenant) go upstream as headers and onto the Context for rate limits.
 */
import type { ApiKeyPolicy } from "../../schema/policies.ts";
import { AuthInvalidError, AuthKeysUnavailableError, AuthRequiredError, challenge } from "../errors.ts";
import { sha256Hex } from "../hash.ts";
import { editRequestHeaders, type PolicyFactory, type PolicyMiddleware } from "../types.ts";

interface KeyInfo {
  name: string;
  tenant?: string | undefined;
}

/** KV reads are cached at the location for this long (KV's minimum). */
const KV_CACHE_TTL_SECONDS = 60;

export const apiKeyPolicy: PolicyFactory<ApiKeyPolicy> = (p, deps) => {
  const byDigest = new Map<string, KeyInfo>(p.keys.map((k) => [k.sha256, { name: k.name, tenant: k.tenant }]));
  const header = p.query === undefined ? (p.header ?? "x-api-key") : undefined;
  const where = header !== undefined ? `header ${header}` : `query parameter ${p.query}`;
  const wwwAuthenticate = challenge("ApiKey", "edge");
  const what = `policy "${deps.name}":`;

  const lookup = async (digest: string, env: Record<string, unknown>): Promise<KeyInfo | undefined> => {
    const known = byDigest.get(digest);
    if (known !== undefined || p.kvPrefix === undefined) return known;
    try {
      const kv = env.ROUTES as KVNamespace;
      const v = await kv.get<KeyInfo>(`${p.kvPrefix}${digest}`, { type: "json", cacheTtl: KV_CACHE_TTL_SECONDS });
      return v !== null && typeof v.name === "string" ? v : undefined;
    } catch (err) {
      throw new AuthKeysUnavailableError("the API key store (KV)", err);
    }
  };

  const mw: PolicyMiddleware = async (c, next) => {
    const key =
      header !== undefined ? c.req.raw.headers.get(header) : new URL(c.req.raw.url).searchParams.get(p.query!);
    if (key === null || key === "") throw new AuthRequiredError(`${what} an API key in ${where}`, wwwAuthenticate);
    const info = await lookup(await sha256Hex(key), c.env);
    if (info === undefined)
      throw new AuthInvalidError(`${what} API key not recognized`, challenge("ApiKey", "edge", "invalid_key"));
    c.set("apiKeyName", info.name);
    c.set("apiKeyTenant", info.tenant);
    editRequestHeaders(c, (h) => {
      if (p.removeKey && header !== undefined) h.delete(header);
      h.set(p.forwardNameHeader, info.name);
      if (info.tenant !== undefined) h.set(p.forwardTenantHeader, info.tenant);
      else h.delete(p.forwardTenantHeader);
    });
    await next();
  };
  return mw;
};

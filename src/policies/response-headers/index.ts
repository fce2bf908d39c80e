/**
 * Response headers: the secure-headers preset (HSTS, X-Content-Type-Options, X-Frame-Options,
 * Referrer-Policy) on hono/secure-headers, with Hono's other defaults turned off so only what the
 * document names is added; and removal of server-identifying origin headers (Server, X-Powered-By...).
 */
import { secureHeaders } from "hono/secure-headers";
import type { ResponseHeadersPolicy } from "../../schema/policies.ts";
import type { PolicyFactory, PolicyMiddleware } from "../types.ts";

const OFF = {
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
} as const;

function secureOptions(s: NonNullable<ResponseHeadersPolicy["secureHeaders"]>) {
  const hsts =
    s.hsts === false
      ? false
      : `max-age=${s.hsts.maxAgeSeconds}${s.hsts.includeSubDomains ? "; includeSubDomains" : ""}${s.hsts.preload ? "; preload" : ""}`;
  return {
    ...OFF,
    strictTransportSecurity: hsts,
    xContentTypeOptions: s.contentTypeOptions,
    xFrameOptions: s.frameOptions,
    referrerPolicy: s.referrerPolicy,
  };
}

export const responseHeadersPolicy: PolicyFactory<ResponseHeadersPolicy> = (p) => {
  const secure = p.secureHeaders
    ? (secureHeaders(secureOptions(p.secureHeaders)) as unknown as PolicyMiddleware)
    : undefined;
  const remove = p.removeHeaders;
  const mw: PolicyMiddleware = async (c, next) => {
    // The origin's response has immutable headers: copy it once, before anything edits it.
    const after = async () => {
      await next();
      const res = c.res;
      if (!(res as { webSocket?: unknown }).webSocket) {
        c.res = undefined;
        c.res = new Response(res.body, res);
      }
      const h = c.res.headers;
      for (const name of remove) h.delete(name);
    };
    if (secure) await secure(c, after);
    else await after();
  };
  return mw;
};

/** One factory per policy type: the document's `type` picks the folder under src/policies/. */
import type { Policy, PolicyType } from "../schema/policies.ts";
import { apiKeyPolicy } from "./api-key/index.ts";
import { basicAuthPolicy } from "./basic-auth/index.ts";
import { bearerTokenPolicy } from "./bearer-token/index.ts";
import { cloudflareAccessPolicy } from "./cloudflare-access/index.ts";
import { corsPolicy } from "./cors/index.ts";
import { ipFilterPolicy } from "./ip-filter/index.ts";
import { jwtPolicy } from "./jwt/index.ts";
import { rateLimitPolicy } from "./rate-limit/index.ts";
import { requestLimitsPolicy } from "./request-limits/index.ts";
import { responseHeadersPolicy } from "./response-headers/index.ts";
import type { PolicyDeps, PolicyFactory, PolicyMiddleware } from "./types.ts";

const FACTORIES: { [T in PolicyType]: PolicyFactory<Extract<Policy, { type: T }>> } = {
  jwt: jwtPolicy,
  cloudflareAccess: cloudflareAccessPolicy,
  apiKey: apiKeyPolicy,
  basicAuth: basicAuthPolicy,
  bearerToken: bearerTokenPolicy,
  ipFilter: ipFilterPolicy,
  rateLimit: rateLimitPolicy,
  cors: corsPolicy,
  requestLimits: requestLimitsPolicy,
  responseHeaders: responseHeadersPolicy,
};

export function buildPolicy(policy: Policy, deps: PolicyDeps): PolicyMiddleware {
  return (FACTORIES[policy.type] as PolicyFactory<Policy>)(policy, deps);
}

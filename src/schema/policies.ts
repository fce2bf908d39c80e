/**
 * The `policies` section: named edge policies, defined once and referenced in order by virtual
 * hosts and routes (Traefik's named middlewares, Envoy's per-route filter config). Each entry is
 * one variant of a union on `type`; the factories in src/policies/<type>/ compile them.
 */

import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { CorsPolicySchema, IpFilterPolicySchema, RequestLimitsPolicySchema } from "./policies-access.ts";
import { ApiKeyPolicySchema, BasicAuthPolicySchema, BearerTokenPolicySchema } from "./policies-credentials.ts";
import { CloudflareAccessPolicySchema, JwtPolicySchema } from "./policies-jwt.ts";
import { RateLimitPolicySchema, ResponseHeadersPolicySchema } from "./policies-traffic.ts";

export * from "./policies-access.ts";
export * from "./policies-credentials.ts";
export * from "./policies-jwt.ts";
export * from "./policies-traffic.ts";

export const PolicySchema = z.discriminatedUnion("type", [
  JwtPolicySchema,
  CloudflareAccessPolicySchema,
  ApiKeyPolicySchema,
  BasicAuthPolicySchema,
  BearerTokenPolicySchema,
  IpFilterPolicySchema,
  RateLimitPolicySchema,
  CorsPolicySchema,
  RequestLimitsPolicySchema,
  ResponseHeadersPolicySchema,
]);

export type Policy = z.infer<typeof PolicySchema>;
export type PolicyType = Policy["type"];

export const PoliciesSectionSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "policy names use letters, digits, '_', '.' and '-'"), PolicySchema)
  .default({});

/* @__PURE__ */ describeSchema(
  PoliciesSectionSchema,
  "Named policies; virtual hosts and routes reference them by name, in order.",
);

const policyNames = z.array(z.string().min(1));

/** Fields a virtual host gains. */
export const VirtualHostPolicyFields = {
  policies: policyNames.optional(),
};

/* @__PURE__ */ describeFields(VirtualHostPolicyFields, {
  policies: "Policies run for every route of this virtual host, before the route's.",
});

/** Fields a route gains. */
export const RoutePolicyFields = {
  policies: policyNames.optional(),
  skipPolicies: policyNames.optional(),
};

/* @__PURE__ */ describeFields(RoutePolicyFields, {
  policies: "Policies run for this route, after its virtual host's.",
  skipPolicies: "Virtual host policies this route opts out of.",
});

type Add = (path: (string | number)[], message: string) => void;

/**
 * Every policy reference names a defined policy, at most once per chain; `skipPolicies` names one
 * its virtual host actually applies.
 */
export function checkPolicyReferences(
  doc: {
    policies: Record<string, unknown>;
    virtualHosts: ReadonlyArray<{
      policies?: string[] | undefined;
      routes: ReadonlyArray<{ policies?: string[] | undefined; skipPolicies?: string[] | undefined }>;
    }>;
  },
  add: Add,
): void {
  const check = (names: string[] | undefined, path: (string | number)[]) => {
    const seen = new Set<string>();
    names?.forEach((n, i) => {
      if (!Object.hasOwn(doc.policies, n)) add([...path, i], `policy "${n}" is not defined in $.policies`);
      else if (seen.has(n)) add([...path, i], `policy "${n}" is listed twice`);
      seen.add(n);
    });
  };
  doc.virtualHosts.forEach((vh, v) => {
    check(vh.policies, ["virtualHosts", v, "policies"]);
    const inherited = new Set(vh.policies ?? []);
    for (let i = 0; i < vh.routes.length; i++) {
      const r = vh.routes[i]!;
      if (r.policies === undefined && r.skipPolicies === undefined) continue;
      check(r.policies, ["virtualHosts", v, "routes", i, "policies"]);
      r.skipPolicies?.forEach((n, k) => {
        if (!inherited.has(n))
          add(
            ["virtualHosts", v, "routes", i, "skipPolicies", k],
            `policy "${n}" is not applied by this route's virtual host`,
          );
      });
    }
  });
}

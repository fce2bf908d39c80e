import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { ActionSchema } from "./l7-action.ts";
import { DomainPatternSchema, MatchSchema } from "./l7-match.ts";
import { checkReleasePools } from "./l7-release.ts";
import { RoutePolicyFields, VirtualHostPolicyFields } from "./policies.ts";
import { checkForwardPools } from "./pool-refs.ts";
import { RouteShieldingFields } from "./route-shielding.ts";

export * from "./l7-action.ts";
export * from "./l7-match.ts";

/** One route: the first matching route of a virtual host wins, in priority order (higher first, then document order). */
export const RouteSchema = z.strictObject({
  name: z.string().min(1).optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  match: MatchSchema.prefault({}),
  action: ActionSchema,
  ...RoutePolicyFields,
  // cache, compress: see src/schema/route-shielding.ts
  ...RouteShieldingFields,
});

/* @__PURE__ */ describeFields(RouteSchema, {
  name: "Shown in logs and debug headers; default `<vhost>#<index>`. Unique within its virtual host.",
  priority: "Higher runs first; ties keep document order.",
  match: "All conditions must hold (AND). Empty: everything.",
});

export const VirtualHostSchema = z.strictObject({
  name: z.string().min(1),
  domains: z.array(DomainPatternSchema).min(1),
  routes: z.array(RouteSchema).default([]),
  ...VirtualHostPolicyFields,
});

/* @__PURE__ */ describeFields(VirtualHostSchema, {
  domains:
    "Hosts served: exact, `*.suffix`, `prefix.*` or `*`. Precedence: exact > longest suffix > longest prefix > `*`.",
});

export type Route = z.infer<typeof RouteSchema>;
export type VirtualHost = z.infer<typeof VirtualHostSchema>;

type RouteShape = z.infer<typeof RouteSchema>;

const routePath = (v: number, i: number, rest: (string | number)[]) => ["virtualHosts", v, "routes", i, ...rest];

/** Prefix-based rewrites need a route that matched a prefix. */
function prefixKindOf(route: RouteShape): boolean {
  const p = route.match.path;
  return !!p && !p.invert && (p.prefix !== undefined || p.segmentPrefix !== undefined);
}

/**
 * Checks across the document what field schemas cannot: pools named by routes exist, domains
 * and virtual host names are unique, route names are unique per virtual host, prefix rewrites
 * have a prefix to replace. Paths are relative to the document root.
 */
export function checkL7References(
  doc: { pools: Record<string, unknown>; virtualHosts: VirtualHost[] },
  ctx: z.RefinementCtx,
): void {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const domains = new Map<string, number>();
  const vhostNames = new Map<string, number>();
  doc.virtualHosts.forEach((vh, v) => {
    const seenName = vhostNames.get(vh.name);
    if (seenName !== undefined)
      add(["virtualHosts", v, "name"], `virtual host name "${vh.name}" is already used by $.virtualHosts[${seenName}]`);
    else vhostNames.set(vh.name, v);
    vh.domains.forEach((d, i) => {
      const seen = domains.get(d);
      if (seen !== undefined)
        add(["virtualHosts", v, "domains", i], `domain "${d}" is already served by $.virtualHosts[${seen}]`);
      else domains.set(d, v);
    });
    const routeNames = new Map<string, number>();
    // Runs for every route at load (10,000-route tables): build JSON paths only when reporting.
    for (let i = 0; i < vh.routes.length; i++) {
      const r = vh.routes[i]!;

      if (r.name !== undefined) {
        const seen = routeNames.get(r.name);
        if (seen !== undefined)
          add(
            routePath(v, i, ["name"]),
            `route name "${r.name}" is already used by route ${seen} of this virtual host`,
          );
        else routeNames.set(r.name, i);
      }
      const a = r.action;
      if (a.type === "forward") {
        if (a.pool !== undefined && !Object.hasOwn(doc.pools, a.pool))
          add(routePath(v, i, ["action", "pool"]), `pool "${a.pool}" is not defined`);
        if (a.pools !== undefined || a.fallbackPool !== undefined)
          checkForwardPools(a, routePath(v, i, ["action"]), doc.pools, add);
        if (a.split !== undefined || a.mirror !== undefined || a.steer !== undefined)
          checkReleasePools(a, routePath(v, i, ["action"]), doc.pools, add);
        if (a.rewrite?.prefix !== undefined && !prefixKindOf(r)) {
          add(
            routePath(v, i, ["action", "rewrite", "prefix"]),
            "prefix rewrite needs a route whose path matches by prefix or segmentPrefix",
          );
        }
      } else if (a.type === "redirect" && a.prefixRewrite !== undefined && !prefixKindOf(r)) {
        add(
          routePath(v, i, ["action", "prefixRewrite"]),
          "prefixRewrite needs a route whose path matches by prefix or segmentPrefix",
        );
      }
    }
  });
}

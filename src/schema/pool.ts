import { HealthCheckSchema } from "./health.ts";
import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { PoolShieldingFields } from "./pool-shielding.ts";

/** An L7 origin: where the worker may send requests. Only URLs written here are ever fetched. */
export const OriginSchema = z.strictObject({
  name: z.string().min(1).max(128),
  url: z
    .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" })
    .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), "must not carry credentials"),
  weight: z.number().min(0).max(1_000_000).default(1),
});

/* @__PURE__ */ describeFields(OriginSchema, {
  name: "Stable id of the origin within its pool (used in logs, affinity, health records and debug headers).",
  url: "Base URL; the request path is appended to its path.",
  weight: "Relative share of traffic; 0 takes none unless all others are down.",
});

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: "must be a valid HTTP header name" });
const CookieName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: "must be a valid cookie name" });

const HashOnClientIp = z.literal("client_ip");

/* @__PURE__ */ describeSchema(HashOnClientIp, "CF-Connecting-IP as set by Cloudflare.");

/** What the `hash` policy hashes. Without a value in the request the pick falls back to the policy `random`. */
export const HashOnSchema = z.union([
  HashOnClientIp,
  z.strictObject({ header: HeaderName }),
  z.strictObject({ cookie: CookieName }),
  z.strictObject({ query: z.string().min(1) }),
]);

export const BalanceSchema = z
  .strictObject({
    policy: z.enum(["round_robin", "random", "least_outstanding", "hash", "first"]).default("round_robin"),
    hashOn: HashOnSchema.optional(),
  })
  .refine((b) => b.hashOn === undefined || b.policy === "hash", {
    error: '`hashOn` applies only to policy "hash"',
    path: ["hashOn"],
  });

/* @__PURE__ */ describeFields(BalanceSchema, {
  policy:
    "round_robin: smooth weighted round robin per isolate; random: weighted random; least_outstanding: power of two choices on in-flight requests per isolate; hash: weighted rendezvous hash of `hashOn`; first: first healthy origin in order.",
  hashOn: 'Key for policy "hash" (default "client_ip").',
});

export const CookieAffinitySchema = z.strictObject({
  type: z.literal("cookie"),
  name: CookieName.default("__edge_aff"),
  ttlSeconds: z.number().int().min(30).max(604_800).default(3600),
  secure: z.boolean().default(true),
  httpOnly: z.boolean().default(true),
  sameSite: z.enum(["Strict", "Lax", "None"]).default("Lax"),
  path: z
    .string()
    .startsWith("/", { error: "must start with /" })
    .regex(/^[^;\s]*$/, { error: "must not contain ; or spaces" })
    .default("/"),
});

/* @__PURE__ */ describeFields(CookieAffinitySchema, {
  ttlSeconds: "Cookie lifetime (sliding: renewed past half-life).",
});

export const HeaderAffinitySchema = z.strictObject({
  type: z.literal("header"),
  name: HeaderName,
});

/* @__PURE__ */ describeFields(HeaderAffinitySchema, {
  name: "Requests with the same value of this header go to the same healthy origin (rendezvous hash).",
});

export const AffinitySchema = z.discriminatedUnion("type", [CookieAffinitySchema, HeaderAffinitySchema]);

export const OutlierSchema = z.strictObject({
  consecutive5xx: z.number().int().min(0).max(1000).default(5),
  consecutiveConnectFailures: z.number().int().min(0).max(1000).default(3),
  baseEjectionMs: z.number().int().min(100).max(3_600_000).default(30_000),
  maxEjectionMs: z.number().int().min(100).max(86_400_000).default(300_000),
  maxEjectionPercent: z.number().min(0).max(100).default(50),
});

/* @__PURE__ */ describeFields(OutlierSchema, {
  consecutive5xx: "5xx responses in a row that eject an origin; 0 disables.",
  consecutiveConnectFailures: "Connect failures, resets and timeouts in a row that eject an origin; 0 disables.",
  baseEjectionMs: "First ejection; the n-th lasts n times this.",
  maxEjectionPercent: "At most this share of the pool's origins is ejected at once (at least one origin always stays).",
});

export const PoolSchema = z
  .strictObject({
    origins: z.array(OriginSchema).min(1, "a pool needs at least one origin"),
    balance: BalanceSchema.prefault({}),
    affinity: AffinitySchema.optional(),
    minHealthy: z.number().int().min(1).default(1),
    health: HealthCheckSchema.optional(),
    outlier: OutlierSchema.optional(),
    panicThreshold: z.number().min(0).max(100).default(50),
    // overload, slowStartMs: see src/schema/pool-shielding.ts
    ...PoolShieldingFields,
  })
  .superRefine((pool, ctx) => {
    const seen = new Map<string, number>();
    pool.origins.forEach((o, i) => {
      const prev = seen.get(o.name);
      if (prev !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["origins", i, "name"],
          message: `duplicate origin name "${o.name}" (also at origins[${prev}])`,
        });
      else seen.set(o.name, i);
    });
    if (pool.minHealthy > pool.origins.length) {
      ctx.addIssue({
        code: "custom",
        path: ["minHealthy"],
        message: `is ${pool.minHealthy} but the pool has only ${pool.origins.length} origin(s)`,
      });
    }
    if (pool.outlier && pool.outlier.maxEjectionMs < pool.outlier.baseEjectionMs) {
      ctx.addIssue({ code: "custom", path: ["outlier", "maxEjectionMs"], message: "must be at least baseEjectionMs" });
    }
  });

/* @__PURE__ */ describeFields(PoolSchema, {
  minHealthy: "A pool with fewer healthy origins is skipped in a route's failover chain.",
  health: "Active HTTP check run by the Cron Trigger (every minute).",
  outlier: "Passive outlier detection per isolate; off unless set.",
  panicThreshold:
    "Envoy's healthy panic threshold: when fewer than this percent of the pool's origins are in rotation (up and not ejected), the pool balances over all of its origins. 0 disables.",
});

export type Origin = z.infer<typeof OriginSchema>;
export type Pool = z.infer<typeof PoolSchema>;
export type Balance = z.infer<typeof BalanceSchema>;
export type HashOn = z.infer<typeof HashOnSchema>;
export type Affinity = z.infer<typeof AffinitySchema>;
export type CookieAffinity = z.infer<typeof CookieAffinitySchema>;
export type Outlier = z.infer<typeof OutlierSchema>;

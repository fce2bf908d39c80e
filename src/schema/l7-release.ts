import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * Release fields of the forward action (spread into ForwardActionSchema): a weighted split across
 * pool chains with sticky cohorts, request mirroring to a shadow pool, and a maintenance fallback.
 */
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HeaderName = z.string().regex(token, "must be a valid HTTP header name");
const CookieName = z.string().regex(token, "must be a valid cookie name");
const headerValue = z.string().regex(/^[^\r\n\0]*$/, "must not contain CR, LF or NUL");
const SideName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be 1-64 of a-z, 0-9, _ and -, starting with a letter or digit");

const StickyOnClientIp = z.literal("client_ip");

/* @__PURE__ */ describeSchema(StickyOnClientIp, "CF-Connecting-IP as set by Cloudflare.");
const StickyOnJwtSubject = z.strictObject({ jwtSubject: HeaderName });

/* @__PURE__ */ describeSchema(
  StickyOnJwtSubject,
  "The `sub` claim of a Bearer JWT in this header (not verified: it only places the client).",
);

/** What keeps a client in its cohort; without it in the request the side is drawn at random. */
export const StickyOnSchema = z.union([
  StickyOnClientIp,
  z.strictObject({ header: HeaderName }),
  z.strictObject({ cookie: CookieName }),
  StickyOnJwtSubject,
]);

export const SplitSideSchema = z
  .strictObject({
    name: SideName,
    pool: z.string().min(1).optional(),
    pools: z.array(z.string().min(1)).min(1).max(8).optional(),
    weight: z.number().min(0).max(100),
  })
  .refine((s) => (s.pool === undefined) !== (s.pools === undefined), "needs exactly one of `pool` or `pools`");

/* @__PURE__ */ describeFields(SplitSideSchema, {
  name: "Shown in the debug header and matched by the override (e.g. `canary`).",
  pools: "Failover chain of this side.",
  weight: "Percent of traffic; the action's own pools take the rest.",
});

export const ScheduleSchema = z.strictObject({
  side: SideName,
  from: z.number().min(0).max(100),
  to: z.number().min(0).max(100),
  start: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time"),
  durationS: z.number().int().min(1).max(31_536_000),
});

/* @__PURE__ */ describeSchema(
  ScheduleSchema,
  "Gradual shift: the side's weight moves linearly from `from` to `to`, evaluated per request.",
);
/* @__PURE__ */ describeFields(ScheduleSchema, {
  side: "The side whose weight moves.",
  start: "When the ramp starts (before: `from`).",
  durationS: "Seconds from `from` to `to` (after: `to`).",
});

export const SplitSchema = z
  .strictObject({
    primary: SideName.default("primary"),
    sides: z.array(SplitSideSchema).min(1).max(8),
    stickyOn: StickyOnSchema.default("client_ip"),
    override: z.strictObject({ header: HeaderName.optional(), cookie: CookieName.optional() }).optional(),
    schedule: ScheduleSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const names = new Set([s.primary]);
    s.sides.forEach((side, i) => {
      if (names.has(side.name))
        ctx.addIssue({ code: "custom", path: ["sides", i, "name"], message: `side "${side.name}" is already used` });
      names.add(side.name);
    });
    const total = s.sides.reduce((n, side) => n + side.weight, 0);
    if (total > 100)
      ctx.addIssue({ code: "custom", path: ["sides"], message: `weights add up to ${total} (over 100)` });
    if (s.schedule !== undefined && !s.sides.some((side) => side.name === s.schedule!.side))
      ctx.addIssue({ code: "custom", path: ["schedule", "side"], message: `no side "${s.schedule.side}"` });
  });

/* @__PURE__ */ describeFields(SplitSchema, {
  primary: "Name of the action's own pools as a side.",
  override: "A side name in this header/cookie forces that side; `always` forces the first side, `never` the primary.",
});

export const MirrorSchema = z.strictObject({
  pool: z.string().min(1),
  fraction: z.number().min(0).max(1).default(1),
  maxBodyBytes: z.number().int().min(0).max(1_048_576).default(65_536),
  timeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});

/* @__PURE__ */ describeFields(MirrorSchema, {
  pool: "Shadow pool: receives a copy; its answer is discarded.",
  fraction: "Share of requests copied (exact per isolate, not random).",
  maxBodyBytes: "A request with a larger body is not mirrored.",
});

export const FallbackSchema = z.strictObject({
  status: z.number().int().min(200).max(599).default(503),
  body: z.string().optional(),
  contentType: headerValue.optional(),
  headers: z.record(HeaderName, headerValue).optional(),
  retryAfter: z.number().int().min(0).max(86_400).optional(),
});

/* @__PURE__ */ describeFields(FallbackSchema, {
  contentType: "Default text/plain; charset=utf-8.",
  retryAfter: "Seconds, sent as Retry-After.",
});

const codes = (what: string) =>
  z
    .array(z.string().regex(/^[A-Za-z0-9-]{1,16}$/, `must be a ${what} code`))
    .min(1)
    .optional();

export const SteerRuleSchema = z
  .strictObject({
    country: codes("country"),
    continent: codes("continent"),
    region: codes("region"),
    colo: codes("colo"),
    pool: z.string().min(1).optional(),
    pools: z.array(z.string().min(1)).min(1).max(8).optional(),
  })
  .refine((r) => (r.pool === undefined) !== (r.pools === undefined), "needs exactly one of `pool` or `pools`")
  .refine(
    (r) => r.country || r.continent || r.region || r.colo,
    "needs at least one of country, continent, region, colo",
  );

/* @__PURE__ */ describeFields(SteerRuleSchema, {
  country: "ISO 3166-1 alpha-2 (request.cf.country), e.g. DE.",
  continent: "request.cf.continent: AF, AN, AS, EU, NA, OC, SA.",
  region: "ISO 3166-2 subdivision code (request.cf.regionCode), e.g. TX.",
  colo: "Cloudflare data centre (request.cf.colo, IATA code), e.g. FRA.",
  pools: "Failover chain for matching requests.",
});

export const SteerSchema = z
  .strictObject({
    rules: z.array(SteerRuleSchema).max(64).default([]),
    latency: z.boolean().default(false),
  })
  .refine((s) => s.rules.length > 0 || s.latency, "needs `rules` or `latency: true`");

/* @__PURE__ */ describeSchema(
  SteerSchema,
  "Steering: the pool chain by where the request arrives, or by measured latency; else the action's own pools.",
);
/* @__PURE__ */ describeFields(SteerSchema, {
  rules: "First match wins (all given fields must match).",
  latency:
    "When no rule matches: try first the pool of the action's `pools` whose healthy origins answered the health checks fastest (needs `health` on those pools).",
});

export const ForwardReleaseFields = {
  steer: SteerSchema.optional(),
  split: SplitSchema.optional(),
  mirror: MirrorSchema.optional(),
  fallback: FallbackSchema.optional(),
};

/* @__PURE__ */ describeFields(ForwardReleaseFields, {
  split: "Weighted split (canary) across pool chains with sticky cohorts.",
  mirror: "Copies a fraction of requests to a shadow pool after the response.",
  fallback: "Direct response when no pool of the chain can take the request (instead of 503 NO_HEALTHY_ORIGIN).",
});

export type Split = z.infer<typeof SplitSchema>;
export type StickyOn = z.infer<typeof StickyOnSchema>;
export type Mirror = z.infer<typeof MirrorSchema>;
export type Fallback = z.infer<typeof FallbackSchema>;
export type Steer = z.infer<typeof SteerSchema>;

/** Cross-reference check: every pool a split side or the mirror names exists. */
export function checkReleasePools(
  a: { split?: Split | undefined; mirror?: Mirror | undefined; steer?: Steer | undefined },
  at: (string | number)[],
  pools: Record<string, unknown>,
  add: (path: (string | number)[], message: string) => void,
): void {
  a.split?.sides.forEach((side, i) => {
    for (const [k, name] of (side.pools ?? [side.pool!]).entries()) {
      const path = side.pools ? [...at, "split", "sides", i, "pools", k] : [...at, "split", "sides", i, "pool"];
      if (!Object.hasOwn(pools, name)) add(path, `pool "${name}" is not defined`);
    }
  });
  a.steer?.rules.forEach((rule, i) => {
    for (const [k, name] of (rule.pools ?? [rule.pool!]).entries()) {
      const path = rule.pools ? [...at, "steer", "rules", i, "pools", k] : [...at, "steer", "rules", i, "pool"];
      if (!Object.hasOwn(pools, name)) add(path, `pool "${name}" is not defined`);
    }
  });
  if (a.mirror !== undefined && !Object.hasOwn(pools, a.mirror.pool))
    add([...at, "mirror", "pool"], `pool "${a.mirror.pool}" is not defined`);
}

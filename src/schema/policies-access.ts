/** IP/country filters, CORS and request limits. */
import { RE2JS } from "re2js";
import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

const IPV4 =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

function isIPv6(v: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || !v.includes(":")) return false;
  try {
    new URL(`http://[${v}]`);
    return true;
  } catch {
    return false;
  }
}

/** An address or CIDR block, IPv4 or IPv6 (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`). */
export const CidrSchema = z.string().superRefine((rule, ctx) => {
  const [addr = "", prefix, ...rest] = rule.split("/");
  const v4 = IPV4.test(addr);
  if (rest.length > 0 || !(v4 || isIPv6(addr)))
    return void ctx.addIssue({ code: "custom", message: `"${rule}" is not an IPv4/IPv6 address or CIDR block` });
  if (prefix !== undefined && (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > (v4 ? 32 : 128)))
    ctx.addIssue({ code: "custom", message: `"${rule}": prefix length must be 0–${v4 ? 32 : 128}` });
});

const country = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in upper case (or T1, XX)");

export const IpFilterPolicySchema = z
  .strictObject({
    type: z.literal("ipFilter"),
    allow: z.array(CidrSchema).optional(),
    deny: z.array(CidrSchema).optional(),
    allowCountries: z.array(country).optional(),
    denyCountries: z.array(country).optional(),
  })
  .refine(
    (p) => !!(p.allow?.length || p.deny?.length || p.allowCountries?.length || p.denyCountries?.length),
    "needs at least one of allow, deny, allowCountries, denyCountries",
  );

/* @__PURE__ */ describeFields(IpFilterPolicySchema, {
  allow: "Only these addresses/blocks pass (deny wins over allow).",
  allowCountries: "Only clients from these countries (request.cf.country).",
});

const SafeRe2 = z.string().superRefine((p, ctx) => {
  try {
    RE2JS.compile(p);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `invalid regex (RE2 syntax): ${(e as Error).message}` });
  }
});

const CorsOrigin = z.union([
  z
    .string()
    .regex(
      /^(\*|https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?)$/,
      "must be `*`, an origin (https://app.example), or https://*.suffix",
    ),
  z.strictObject({ regex: SafeRe2 }),
]);

/* @__PURE__ */ describeFields(CorsOrigin, {
  regex: "Matches the whole Origin (RE2 syntax, linear time).",
});

const token = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP token");

export const CorsPolicySchema = z
  .strictObject({
    type: z.literal("cors"),
    origins: z.array(CorsOrigin).min(1),
    methods: z.array(token).default(["GET", "HEAD", "POST"]),
    allowHeaders: z.array(token).default([]),
    exposeHeaders: z.array(token).default([]),
    credentials: z.boolean().default(false),
    maxAgeSeconds: z.number().int().min(0).max(86_400).optional(),
    forwardPreflight: z.boolean().default(false),
  })
  .refine((p) => !(p.credentials && p.origins.includes("*")), {
    error: "credentials cannot be combined with origin `*`",
    path: ["credentials"],
  });

/* @__PURE__ */ describeFields(CorsPolicySchema, {
  origins: "Allowed origins: exact, `*`, `https://*.suffix` or {regex}.",
  allowHeaders: "Request headers allowed (empty: reflect what is asked).",
  forwardPreflight: "Send preflights to the origin instead of answering them at the edge.",
});

export const RequestLimitsPolicySchema = z
  .strictObject({
    type: z.literal("requestLimits"),
    maxBodyBytes: z.number().int().min(0).optional(),
    methods: z.array(token).min(1).optional(),
    maxUrlBytes: z.number().int().min(1).optional(),
    maxHeaderBytes: z.number().int().min(1).optional(),
  })
  .refine(
    (p) =>
      p.maxBodyBytes !== undefined ||
      p.methods !== undefined ||
      p.maxUrlBytes !== undefined ||
      p.maxHeaderBytes !== undefined,
    "needs at least one limit",
  );

/* @__PURE__ */ describeFields(RequestLimitsPolicySchema, {
  maxBodyBytes: "413 above this, also for chunked bodies.",
  methods: "Allowed methods; others get 405 with Allow.",
  maxUrlBytes: "414 above this (path plus query).",
  maxHeaderBytes: "431 above this (sum of names and values).",
});

export type IpFilterPolicy = z.infer<typeof IpFilterPolicySchema>;
export type CorsPolicy = z.infer<typeof CorsPolicySchema>;
export type RequestLimitsPolicy = z.infer<typeof RequestLimitsPolicySchema>;

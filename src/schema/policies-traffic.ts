/** Rate limits and response headers. */

import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name")
  .toLowerCase();

/** What a request is counted by: `ip`, `apiKey` (the apiKey policy's key name), `jwtSubject`, `header:<name>`. */
export const RateLimitKeyPart = z
  .string()
  .regex(
    /^(ip|apiKey|jwtSubject|header:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/,
    "must be ip, apiKey, jwtSubject or header:<name>",
  );

export const RateLimitPolicySchema = z
  .strictObject({
    type: z.literal("rateLimit"),
    backend: z.enum(["binding", "durableObject"]),
    binding: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must be a binding name")
      .optional(),
    limit: z.number().int().min(1).max(1_000_000_000),
    windowSeconds: z.number().min(1).max(86_400),
    key: z.array(RateLimitKeyPart).min(1).default(["ip"]),
    shards: z.number().int().min(1).max(1024).default(16),
    onLimiterError: z.enum(["open", "closed"]).default("open"),
  })
  .superRefine((p, ctx) => {
    if (p.backend === "binding" && p.windowSeconds !== 10 && p.windowSeconds !== 60)
      ctx.addIssue({
        code: "custom",
        path: ["windowSeconds"],
        message: "the Rate Limiting binding counts over 10 or 60 seconds",
      });
    if (p.backend === "durableObject" && p.binding !== undefined)
      ctx.addIssue({ code: "custom", path: ["binding"], message: "binding is for backend `binding`" });
  });

/* @__PURE__ */ describeFields(RateLimitPolicySchema, {
  backend: "`binding`: Workers Rate Limiting (approximate, per location); `durableObject`: exact, global.",
  binding:
    'Rate Limiting binding in wrangler.toml ([[ratelimits]], default "RATE_LIMITER"); its limit/period must equal limit/windowSeconds.',
  key: "Parts joined into the counted key.",
  shards: "Durable Objects the keys are spread over.",
  onLimiterError: "When the limiter itself fails: `open` lets the request through, `closed` answers 503.",
});

const hsts = z.strictObject({
  maxAgeSeconds: z.number().int().min(0).default(31_536_000),
  includeSubDomains: z.boolean().default(true),
  preload: z.boolean().default(false),
});

export const ResponseHeadersPolicySchema = z.strictObject({
  type: z.literal("responseHeaders"),
  secureHeaders: z
    .strictObject({
      hsts: z.union([hsts, z.literal(false)]).prefault({}),
      contentTypeOptions: z.boolean().default(true),
      frameOptions: z.union([z.enum(["DENY", "SAMEORIGIN"]), z.literal(false)]).default("DENY"),
      referrerPolicy: z
        .union([
          z.enum([
            "no-referrer",
            "no-referrer-when-downgrade",
            "origin",
            "origin-when-cross-origin",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin",
            "unsafe-url",
          ]),
          z.literal(false),
        ])
        .default("strict-origin-when-cross-origin"),
    })
    .optional(),
  removeHeaders: z.array(headerName).default(["server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version"]),
});

/* @__PURE__ */ describeFields(ResponseHeadersPolicySchema, {
  secureHeaders: "Security headers added to every response (hono/secure-headers).",
  removeHeaders: "Server-identifying origin headers removed from responses.",
});

export type RateLimitPolicy = z.infer<typeof RateLimitPolicySchema>;
export type ResponseHeadersPolicy = z.infer<typeof ResponseHeadersPolicySchema>;

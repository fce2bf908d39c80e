import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * Fields a pool gains for shielding its origins (spread into PoolSchema): overload protection per
 * origin (in-flight cap with a bounded wait queue, circuit breaker, load shedding) and slow start.
 */
export const BreakerSchema = z.strictObject({
  consecutiveFailures: z.number().int().min(1).max(1000).default(5),
  openMs: z.number().int().min(100).max(3_600_000).default(10_000),
});

/* @__PURE__ */ describeFields(BreakerSchema, {
  consecutiveFailures: "5xx answers, connect failures and timeouts in a row that open the breaker.",
  openMs: "Time the breaker stays open (no requests) before one probe is let through (half-open).",
});

export const ShedSchema = z.strictObject({
  fraction: z.number().min(0).max(1),
  whenUnavailablePercent: z.number().min(1).max(100).default(50),
});

/* @__PURE__ */ describeFields(ShedSchema, {
  fraction: "Share of requests refused with 503 while the pool is degraded.",
  whenUnavailablePercent:
    "The pool is degraded when at least this share of its origins has an open breaker or is ejected.",
});

export const OverloadSchema = z.strictObject({
  maxInFlight: z.number().int().min(1).max(100_000),
  maxQueue: z.number().int().min(0).max(100_000).default(0),
  queueTimeoutMs: z.number().int().min(1).max(60_000).default(1000),
  retryAfterS: z.number().int().min(0).max(3600).default(1),
  breaker: BreakerSchema.optional(),
  shed: ShedSchema.optional(),
});

/* @__PURE__ */ describeFields(OverloadSchema, {
  maxInFlight: "Requests in flight per origin and isolate; a streamed response counts until its body ends.",
  maxQueue: "Requests that may wait for a slot per origin.",
  queueTimeoutMs: "Longest wait for a slot.",
  retryAfterS: "Retry-After of the 503 ORIGIN_OVERLOADED.",
});

export const PoolShieldingFields = {
  overload: OverloadSchema.optional(),
  slowStartMs: z.number().int().min(0).max(3_600_000).default(0),
};

/* @__PURE__ */ describeFields(PoolShieldingFields, {
  overload: "Per-origin overload protection (per isolate); off unless set.",
  slowStartMs:
    "An origin that joins the pool or recovers (health up, ejection or open breaker over) ramps its weight linearly over this window; 0: off.",
});

export type Overload = z.infer<typeof OverloadSchema>;

import * as z from "./kit/index.ts";

/**
 * Fields a pool gains for shielding its origins (spread into PoolSchema): overload protection per
 * origin (in-flight cap with a bounded wait queue, circuit breaker, load shedding) and slow start.
 */
export const BreakerSchema = z.strictObject({
  consecutiveFailures: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(5)
    .describe("5xx answers, connect failures and timeouts in a row that open the breaker."),
  openMs: z
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(10_000)
    .describe("Time the breaker stays open (no requests) before one probe is let through (half-open)."),
});

export const ShedSchema = z.strictObject({
  fraction: z.number().min(0).max(1).describe("Share of requests refused with 503 while the pool is degraded."),
  whenUnavailablePercent: z
    .number()
    .min(1)
    .max(100)
    .default(50)
    .describe("The pool is degraded when at least this share of its origins has an open breaker or is ejected."),
});

export const OverloadSchema = z.strictObject({
  maxInFlight: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .describe("Requests in flight per origin and isolate; a streamed response counts until its body ends."),
  maxQueue: z.number().int().min(0).max(100_000).default(0).describe("Requests that may wait for a slot per origin."),
  queueTimeoutMs: z.number().int().min(1).max(60_000).default(1000).describe("Longest wait for a slot."),
  retryAfterS: z.number().int().min(0).max(3600).default(1).describe("Retry-After of the 503 ORIGIN_OVERLOADED."),
  breaker: BreakerSchema.optional(),
  shed: ShedSchema.optional(),
});

export const PoolShieldingFields = {
  overload: OverloadSchema.optional().describe("Per-origin overload protection (per isolate); off unless set."),
  slowStartMs: z
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(0)
    .describe(
      "An origin that joins the pool or recovers (health up, ejection or open breaker over) ramps its weight linearly over this window; 0: off.",
    ),
};

export type Overload = z.infer<typeof OverloadSchema>;

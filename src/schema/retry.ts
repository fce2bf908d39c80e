import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * Retry policy of a forward action (Envoy `retry_policy` + Finagle retry budget).
 * Outcome names: connect-failure (no connection), reset (connection lost before response headers),
 * timeout (per-try timeout), gateway-error (502, 503, 504), 5xx (any 5xx), or a status code.
 */
export const RETRY_CONDITIONS = ["connect-failure", "reset", "timeout", "gateway-error", "5xx"] as const;

const RETRY_ON_ERROR = `must be one of ${RETRY_CONDITIONS.join(", ")} or a 4xx/5xx status code`;

export const RetryOnSchema = z.union(
  [
    z.enum(RETRY_CONDITIONS),
    z.number().int().min(400).max(599),
    z
      .string()
      .regex(/^[45]\d\d$/)
      .transform(Number),
  ],
  { error: RETRY_ON_ERROR },
);

export const RetrySchema = z
  .strictObject({
    attempts: z.number().int().min(1).max(10).default(2),
    retryOn: z.array(RetryOnSchema).default(["connect-failure"]),
    perTryTimeoutMs: z.number().int().min(1).max(600_000).optional(),
    backoff: z
      .strictObject({
        baseMs: z.number().int().min(0).max(60_000).default(25),
        maxMs: z.number().int().min(0).max(60_000).default(250),
      })
      .refine((b) => b.maxMs >= b.baseMs, { error: "maxMs must be at least baseMs", path: ["maxMs"] })
      .prefault({}),
    budget: z
      .strictObject({
        percent: z.number().min(0).max(100).default(20),
        minPerSecond: z.number().min(0).max(10_000).default(3),
      })
      .prefault({}),
    bufferBodyBytes: z
      .number()
      .int()
      .min(0)
      .max(8 * 1024 * 1024)
      .default(65_536),
    idempotentOnly: z.boolean().default(true),
  })
  .prefault({});

/* @__PURE__ */ describeFields(RetrySchema, {
  attempts: "Tries per request including the first (1 = no retry). Each retry prefers an origin not tried yet.",
  retryOn: "Outcomes that are retried.",
  perTryTimeoutMs:
    "Timeout for each try's response headers; defaults to the route's timeout, which always bounds the whole request.",
  backoff: "Full jitter: the n-th retry waits random(0, min(maxMs, baseMs * 2^(n-1))).",
  budget: "Per isolate and route: caps retries so an outage does not multiply load (Finagle RetryBudget).",
  "budget.percent": "Retries allowed as a share of requests in the last 10 s.",
  "budget.minPerSecond": "Retries always allowed per second regardless of traffic.",
  bufferBodyBytes:
    "A request body up to this size is buffered so it can be retried; a larger one is streamed once, never retried.",
  idempotentOnly: "Retry only GET, HEAD, OPTIONS, TRACE, PUT, DELETE; false also retries POST/PATCH.",
});

/** Fields the pools work adds to the forward action (spread into ForwardActionSchema in l7.ts). */
export const ForwardPoolFields = {
  pools: z.array(z.string().min(1)).min(1).max(8).optional(),
  fallbackPool: z.string().min(1).optional(),
  retry: RetrySchema,
  lastResort: z.boolean().default(false),
};

/* @__PURE__ */ describeFields(ForwardPoolFields, {
  pools: "Ordered failover chain of pools (alternative to `pool`); a pool below its minHealthy is skipped.",
  fallbackPool: "Tried after every pool of the chain.",
  lastResort:
    "When no origin in the chain is healthy, try the unhealthy ones instead of answering 503 NO_HEALTHY_ORIGIN.",
});

export type Retry = z.infer<typeof RetrySchema>;
export type RetryOn = z.infer<typeof RetryOnSchema>;

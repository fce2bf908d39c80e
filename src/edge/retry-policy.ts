import type { Retry } from "../schema/retry.ts";
import type { AttemptOutcome } from "./outlier.ts";

/** Methods that may be retried by default (RFC 9110 section 9.2.2 idempotent methods). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** `retryOn` compiled once per route into flags and a set of codes. */
export interface RetryMatcher {
  readonly connectFailure: boolean;
  /** Workers' fetch does not tell a refused connection from one reset before the response headers; both are "unreachable". */
  readonly reset: boolean;
  readonly timeout: boolean;
  readonly any5xx: boolean;
  readonly codes: ReadonlySet<number>;
}

export function compileRetryOn(retryOn: Retry["retryOn"]): RetryMatcher {
  const codes = new Set<number>();
  let connectFailure = false;
  let reset = false;
  let timeout = false;
  let any5xx = false;
  for (const r of retryOn) {
    if (typeof r === "number") codes.add(r);
    else if (r === "connect-failure") connectFailure = true;
    else if (r === "reset") reset = true;
    else if (r === "timeout") timeout = true;
    else if (r === "5xx") any5xx = true;
    else if (r === "gateway-error") for (const c of [502, 503, 504]) codes.add(c);
  }
  return { connectFailure, reset, timeout, any5xx, codes };
}

/** Whether an attempt's result is worth another try under this policy. */
export function isRetriable(m: RetryMatcher, outcome: AttemptOutcome, status: number): boolean {
  if (outcome === "connect-failure") return m.connectFailure || m.reset;
  if (outcome === "timeout") return m.timeout;
  if (m.codes.has(status)) return true;
  return m.any5xx && status >= 500 && status <= 599;
}

/** Full-jitter exponential back-off (AWS architecture blog): random(0, min(max, base * 2^(retry-1))). */
export function backoffMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

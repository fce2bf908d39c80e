/**
 * The sliding-window counter (as Cloudflare's own rate limiting and nginx-style limiters): the
 * count of the current fixed window plus the previous window's count weighted by how much of it
 * still overlaps the sliding window. Exact counts, smooth window edges, O(1) state per key.
 */
export interface WindowState {
  /** Index of the current fixed window (floor(now / windowMs)). */
  window: number;
  current: number;
  previous: number;
}

export interface Verdict {
  allowed: boolean;
  /** Requests left in the sliding window after this one. */
  remaining: number;
  /** Milliseconds until a request would be allowed again (0 when allowed). */
  retryAfterMs: number;
  /** Milliseconds until the window has room for a full quota again (RateLimit `t`). */
  resetMs: number;
}

/** Counts one request against `limit` per `windowMs`; mutates and returns the state. */
export function hit(
  state: WindowState | undefined,
  now: number,
  limit: number,
  windowMs: number,
): [WindowState, Verdict] {
  const w = Math.floor(now / windowMs);
  let s: WindowState;
  if (state === undefined || state.window < w - 1) s = { window: w, current: 0, previous: 0 };
  else if (state.window === w - 1) s = { window: w, current: 0, previous: state.current };
  else s = state;
  const elapsed = now - w * windowMs;
  const weight = 1 - elapsed / windowMs;
  const estimate = s.previous * weight + s.current;
  const toWindowEnd = windowMs - elapsed;
  if (estimate + 1 <= limit) {
    s.current++;
    const remaining = Math.max(0, Math.floor(limit - (estimate + 1)));
    return [s, { allowed: true, remaining, retryAfterMs: 0, resetMs: toWindowEnd + (s.previous > 0 ? windowMs : 0) }];
  }
  let retryAfterMs: number;
  if (s.current + 1 > limit) {
    // Not before the next window, and then until this window's count has decayed enough.
    retryAfterMs = toWindowEnd + windowMs * (1 - (limit - 1) / s.current);
  } else {
    retryAfterMs = windowMs * (1 - (limit - s.current - 1) / s.previous) - elapsed;
  }
  return [
    s,
    { allowed: false, remaining: 0, retryAfterMs: Math.max(1, retryAfterMs), resetMs: toWindowEnd + windowMs },
  ];
}

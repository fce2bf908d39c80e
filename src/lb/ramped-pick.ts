/**
 * Slow start's choice, shared by the worker (src/edge/slow-start.ts) and the relay
 * (src/relay/pool/slow-start.ts), as HAProxy `slowstart` and Envoy `slow_start_config` ramp a
 * member that joined or came back: each candidate weighs its weight times its ramp factor
 * (0.01 to 1, linear over the window). When no candidate is ramping the answer is undefined and the
 * pool's own balancer picks as usual.
 */

/** Linear ramp factor at `now` of a ramp started at `start` (epoch ms): 1 once the window is over. */
export function rampFactorAt(start: number, windowMs: number, now: number): number {
  const f = (now - start) / windowMs;
  return f >= 1 ? 1 : Math.max(0.01, f);
}

/** Weighted random pick over `weightOf(c) * factorOf(c)`, or undefined when every factor is 1. */
export function rampedPick<T>(
  cands: readonly T[],
  weightOf: (c: T) => number,
  factorOf: (c: T) => number,
  random: () => number,
): T | undefined {
  let ramping = false;
  let total = 0;
  const weights = cands.map((c) => {
    const f = factorOf(c);
    if (f < 1) ramping = true;
    const w = weightOf(c) * f;
    total += w;
    return w;
  });
  if (!ramping || total <= 0) return undefined;
  let point = random() * total;
  for (let i = 0; i < cands.length; i++) {
    point -= weights[i]!;
    if (point < 0) return cands[i];
  }
  return cands[cands.length - 1];
}

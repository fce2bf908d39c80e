import { rampedPick, rampFactorAt } from "../../lb/ramped-pick.ts";

/**
 * Slow start for relay backends (HAProxy `slowstart`): a backend that joins a pool on reload or
 * comes back up takes a share of new connections rising linearly over `slowStartMs`. Only the pick
 * among up backends changes; nothing else about the pool does.
 */
interface Rampable {
  weight: number;
}

const rampStart = new WeakMap<Rampable, number>();

/** The backend joined (reload) or came back up at `now`. */
export function startRamp(b: Rampable, now: number): void {
  rampStart.set(b, now);
}

/**
 * When some candidate is ramping, a weighted random pick with ramped weights (factor from 0.01 to
 * 1); undefined when none is (the pool's balancer then picks as usual).
 */
export function slowStartPick<B extends Rampable>(
  cands: readonly B[],
  windowMs: number,
  now: number,
  random: () => number = Math.random,
): B | undefined {
  if (windowMs <= 0 || cands.length < 2) return undefined;
  return rampedPick(
    cands,
    (b) => b.weight,
    (b) => {
      const start = rampStart.get(b);
      if (start === undefined) return 1;
      const f = rampFactorAt(start, windowMs, now);
      if (f === 1) rampStart.delete(b);
      return f;
    },
    random,
  );
}

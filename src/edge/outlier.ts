import type { Outlier } from "../schema/pool.ts";

/** What one attempt against an origin produced, as far as passive health is concerned. */
export type AttemptOutcome = "success" | "http5xx" | "connect-failure" | "timeout";

interface OriginState {
  consecutive5xx: number;
  consecutiveConnect: number;
  /** Epoch ms until which the origin is ejected; 0 = not ejected. */
  ejectedUntil: number;
  /** Times ejected; the n-th ejection lasts n x base (capped). Forgotten after a quiet spell. */
  ejections: number;
  lastEjectedAt: number;
  /** Back from an ejection without evidence yet: its first success readmits it, a failure re-ejects it. */
  probation: boolean;
}

/**
 * Passive outlier detection for one pool in one isolate (Envoy `outlier_detection`).
 * Consecutive 5xx responses or connect failures/timeouts eject an origin for base x n (capped at
 * max), where n counts its ejections. Re-admission depends on time and evidence: when the time is up
 * the origin returns on probation (its first success readmits it fully, its first failure ejects it
 * again, for longer); and an ejected origin that answers successfully meanwhile (tried in panic mode
 * or by a retry, see select.ts) is readmitted at once. Ejection never exceeds maxEjectionPercent of
 * the pool and always leaves one origin, so ejection alone can never empty a pool (active health
 * checks can; that is what minHealthy and failover are for).
 */
export class OutlierDetector {
  readonly #cfg: Outlier;
  readonly #states: OriginState[];
  readonly #maxEjected: number;

  constructor(cfg: Outlier, originCount: number) {
    this.#cfg = cfg;
    this.#states = Array.from({ length: originCount }, () => ({
      consecutive5xx: 0,
      consecutiveConnect: 0,
      ejectedUntil: 0,
      ejections: 0,
      lastEjectedAt: 0,
      probation: false,
    }));
    this.#maxEjected = Math.min(originCount - 1, Math.floor((originCount * cfg.maxEjectionPercent) / 100));
  }

  isEjected(index: number, now: number): boolean {
    const s = this.#states[index];
    return s !== undefined && s.ejectedUntil > now;
  }

  /** Records an attempt's outcome; returns true when this outcome ejected the origin. */
  record(index: number, outcome: AttemptOutcome, now: number): boolean {
    const s = this.#states[index];
    if (s === undefined) return false;
    if (outcome === "success") {
      s.consecutive5xx = 0;
      s.consecutiveConnect = 0;
      // Evidence: an origin that answers is back, whether its ejection time is up or not.
      s.probation = false;
      if (s.ejectedUntil > now) s.ejectedUntil = 0;
      // A long healthy spell since the last ejection resets the back-off multiplier.
      if (s.ejections > 0 && s.ejectedUntil <= now && now - s.lastEjectedAt > this.#cfg.maxEjectionMs * 2)
        s.ejections = 0;
      return false;
    }
    // A connect failure or timeout is also a gateway error (Envoy counts it as a local 503).
    s.consecutive5xx++;
    if (outcome !== "http5xx") s.consecutiveConnect++;
    else s.consecutiveConnect = 0;
    if (s.ejectedUntil > now) return false;
    const { consecutive5xx, consecutiveConnectFailures } = this.#cfg;
    const trip =
      s.probation ||
      (consecutive5xx > 0 && s.consecutive5xx >= consecutive5xx) ||
      (consecutiveConnectFailures > 0 && s.consecutiveConnect >= consecutiveConnectFailures);
    if (!trip || this.ejectedCount(now) >= this.#maxEjected) return false;
    s.ejections++;
    s.lastEjectedAt = now;
    s.ejectedUntil = now + Math.min(this.#cfg.maxEjectionMs, this.#cfg.baseEjectionMs * s.ejections);
    s.consecutive5xx = 0;
    s.consecutiveConnect = 0;
    s.probation = true;
    return true;
  }

  ejectedCount(now: number): number {
    let n = 0;
    for (const s of this.#states) if (s.ejectedUntil > now) n++;
    return n;
  }

  /** Ejection end time of an origin (0 when not ejected), for logs and tests. */
  ejectedUntil(index: number): number {
    return this.#states[index]?.ejectedUntil ?? 0;
  }
}

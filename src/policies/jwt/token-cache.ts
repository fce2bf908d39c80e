/**
 * Verified tokens, remembered per isolate (as Envoy's jwt_authn `jwt_cache_config`): a client sends
 * the same token on every request until it expires, and re-verifying it each time is most of a JWT
 * policy's cost. An entry is the token's claims after every check passed; it is kept at most
 * `ttlMs` and never past the token's own `exp`, and a hit re-checks `exp`/`nbf` against the clock.
 * Bounded: when full, the oldest entry goes (Map keeps insertion order).
 */
import type { JWTPayload } from "jose";

interface Entry {
  payload: JWTPayload;
  /** ms timestamp after which the entry is not used. */
  until: number;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #skewMs: number;

  constructor(max: number, ttlMs: number, skewMs: number) {
    this.#max = max;
    this.#ttlMs = ttlMs;
    this.#skewMs = skewMs;
  }

  get(token: string, now: number): JWTPayload | undefined {
    const e = this.#entries.get(token);
    if (e === undefined) return undefined;
    const nbf = typeof e.payload.nbf === "number" ? e.payload.nbf * 1000 - this.#skewMs : 0;
    if (now > e.until || now < nbf) {
      this.#entries.delete(token);
      return undefined;
    }
    return e.payload;
  }

  set(token: string, payload: JWTPayload, now: number): void {
    if (this.#max === 0) return;
    const exp = typeof payload.exp === "number" ? payload.exp * 1000 + this.#skewMs : Number.POSITIVE_INFINITY;
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { payload, until: Math.min(exp, now + this.#ttlMs) });
  }
}

/** Errors of the shielding policies: overload protection (edge) and cache purges (admin). */
import { EdgeError } from "./edge-error.ts";
import { ERRORS } from "./registry.ts";

/** Overload protection refused the request; `retryAfter` (seconds) goes out as Retry-After. */
export class OriginOverloadedError extends EdgeError {
  readonly retryAfter: number;
  constructor(message: string, retryAfter: number) {
    super(ERRORS.ORIGIN_OVERLOADED, message);
    this.retryAfter = retryAfter;
  }
}

export class CachePurgeInvalidError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.CACHE_PURGE_INVALID, message);
  }
}

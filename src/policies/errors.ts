/**
 * Refusals of the policy stage. Each is an EdgeError (stable code, status) that also carries the
 * headers its standard asks for; run.ts writes them onto the JSON error response.
 *
 * | code                     | status | headers                                           |
 * | ------------------------ | ------ | ------------------------------------------------- |
 * | AUTH_REQUIRED            | 401    | WWW-Authenticate (scheme, realm)                  |
 * | AUTH_INVALID             | 401    | WWW-Authenticate with error="invalid_token"       |
 * | INSUFFICIENT_SCOPE       | 403    | WWW-Authenticate with error="insufficient_scope"  |
 * | FORBIDDEN                | 403    | (IP or country refused)                           |
 * | CORS_REFUSED             | 403    | (origin, method or header not allowed)            |
 * | METHOD_NOT_ALLOWED       | 405    | Allow                                             |
 * | PAYLOAD_TOO_LARGE        | 413    |                                                   |
 * | URI_TOO_LONG             | 414    |                                                   |
 * | RATE_LIMITED             | 429    | Retry-After, RateLimit-Policy, RateLimit          |
 * | HEADERS_TOO_LARGE        | 431    |                                                   |
 * | AUTH_KEYS_UNAVAILABLE    | 503    | (JWKS or API key store unreachable)               |
 * | RATE_LIMITER_UNAVAILABLE | 503    | (limiter failed and the policy fails closed)      |
 */
import { EdgeError, ERRORS, type ErrorSpec } from "../core/errors/index.ts";

export class PolicyError extends EdgeError {
  readonly headers: Readonly<Record<string, string>>;
  constructor(spec: ErrorSpec, message: string, headers: Record<string, string> = {}, options?: { cause?: unknown }) {
    super(spec, message, options);
    this.headers = headers;
  }
}

/** RFC 6750 §3 / RFC 7235: `Bearer realm="edge", error="invalid_token", error_description="..."`. */
export function challenge(scheme: string, realm: string, error?: string, description?: string): string {
  let v = `${scheme} realm="${realm}"`;
  if (error) v += `, error="${error}"`;
  if (description) v += `, error_description="${description.replace(/["\\]/g, "")}"`;
  return v;
}

export class AuthRequiredError extends PolicyError {
  constructor(what: string, wwwAuthenticate: string) {
    super(ERRORS.AUTH_REQUIRED, `${what} required`, { "www-authenticate": wwwAuthenticate });
  }
}

export class AuthInvalidError extends PolicyError {
  constructor(message: string, wwwAuthenticate: string) {
    super(ERRORS.AUTH_INVALID, message, { "www-authenticate": wwwAuthenticate });
  }
}

export class InsufficientScopeError extends PolicyError {
  constructor(message: string, wwwAuthenticate: string) {
    super(ERRORS.INSUFFICIENT_SCOPE, message, { "www-authenticate": wwwAuthenticate });
  }
}

export class ForbiddenError extends PolicyError {
  constructor(message: string) {
    super(ERRORS.FORBIDDEN, message);
  }
}

export class CorsRefusedError extends PolicyError {
  constructor(message: string) {
    super(ERRORS.CORS_REFUSED, message);
  }
}

export class MethodNotAllowedError extends PolicyError {
  constructor(method: string, allowed: readonly string[]) {
    super(ERRORS.METHOD_NOT_ALLOWED, `method ${method} is not allowed here`, { allow: allowed.join(", ") });
  }
}

export class PayloadTooLargeError extends PolicyError {
  constructor(max?: number) {
    super(ERRORS.PAYLOAD_TOO_LARGE, `request body exceeds ${max === undefined ? "the limit" : `${max} bytes`}`);
  }
}

export class UriTooLongError extends PolicyError {
  constructor(max: number) {
    super(ERRORS.URI_TOO_LONG, `request URL exceeds ${max} bytes`);
  }
}

export class HeadersTooLargeError extends PolicyError {
  constructor(max: number) {
    super(ERRORS.HEADERS_TOO_LARGE, `request headers exceed ${max} bytes`);
  }
}

export class RateLimitedError extends PolicyError {
  constructor(policy: string, headers: Record<string, string>) {
    super(ERRORS.RATE_LIMITED, `rate limit "${policy}" exceeded`, headers);
  }
}

export class RateLimiterUnavailableError extends PolicyError {
  constructor(policy: string, cause: unknown) {
    super(
      ERRORS.RATE_LIMITER_UNAVAILABLE,
      `rate limiter of "${policy}" failed and the policy fails closed`,
      {},
      {
        cause,
      },
    );
  }
}

export class AuthKeysUnavailableError extends PolicyError {
  constructor(what: string, cause: unknown) {
    super(ERRORS.AUTH_KEYS_UNAVAILABLE, `${what} could not be loaded`, {}, { cause });
  }
}

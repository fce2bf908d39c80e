/** Errors of the request path (namespace `edge`) and of loading the route table (namespace `config`). */
import { EdgeError } from "./edge-error.ts";
import { ERRORS } from "./registry.ts";

export { EdgeError } from "./edge-error.ts";

export class BadPathError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.BAD_PATH, message);
  }
}

export class NoRouteError extends EdgeError {
  constructor(method: string, host: string, path: string) {
    super(ERRORS.NO_ROUTE, `no route matches ${method} ${host}${path}`);
  }
}

export class OriginUnreachableError extends EdgeError {
  constructor(origin: string, cause?: unknown) {
    super(ERRORS.ORIGIN_UNREACHABLE, `origin "${origin}" could not be reached`, { cause });
  }
}

export class OriginTimeoutError extends EdgeError {
  constructor(origin: string, timeoutMs: number) {
    super(ERRORS.ORIGIN_TIMEOUT, `origin "${origin}" sent no response headers within ${timeoutMs} ms`);
  }
}

/** No pool in the route's failover chain has enough healthy origins (and lastResort is off). */
export class NoHealthyOriginError extends EdgeError {
  constructor(chain: readonly string[]) {
    super(
      ERRORS.NO_HEALTHY_ORIGIN,
      `no healthy origin in pool${chain.length > 1 ? "s" : ""} ${chain.map((p) => `"${p}"`).join(", ")}`,
    );
  }
}

export class TableMissingError extends EdgeError {
  constructor(key: string) {
    super(ERRORS.ROUTE_TABLE_MISSING, `no route table in KV binding ROUTES at key "${key}"`);
  }
}

export class TableInvalidError extends EdgeError {
  constructor(key: string, issueCount: number) {
    super(
      ERRORS.ROUTE_TABLE_INVALID,
      `the route table at key "${key}" is invalid (${issueCount} issue(s), see logs) and no earlier valid table is loaded`,
    );
  }
}

export class InternalError extends EdgeError {
  constructor(cause: unknown) {
    super(ERRORS.INTERNAL, "internal error", { cause });
  }
}

/** A GET or HEAD that announces a body: fetch cannot send it, and it never counts against an origin. */
export class BadRequestBodyError extends EdgeError {
  constructor(method: string) {
    super(ERRORS.BAD_REQUEST_BODY, `a ${method} request cannot carry a body (Content-Length or Transfer-Encoding)`);
  }
}

/** fetch refused the request for its own shape before connecting: the client's fault, not the origin's. */
export class UnsendableRequestError extends EdgeError {
  constructor(cause: unknown) {
    super(
      ERRORS.UNSENDABLE_REQUEST,
      `the request cannot be forwarded as sent: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A WebSocket upgrade on a method other than GET (the runtime would silently turn it into a GET). */
export class BadUpgradeMethodError extends EdgeError {
  constructor(method: string) {
    super(
      ERRORS.BAD_UPGRADE_METHOD,
      method === "GET"
        ? "a WebSocket upgrade must be a GET without a body (this one has Content-Length or Transfer-Encoding: another method)"
        : `a WebSocket upgrade must use GET, not ${method}`,
    );
  }
}

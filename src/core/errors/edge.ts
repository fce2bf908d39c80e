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

/**
 * Errors the edge answers with. Each has a stable `code` (clients and dashboards key on it,
 * never on the message) and the HTTP status it maps to.
 */
export class EdgeError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

export class BadPathError extends EdgeError {
  constructor(message: string) {
    super("BAD_PATH", 400, message);
  }
}

export class NoRouteError extends EdgeError {
  constructor(method: string, host: string, path: string) {
    super("NO_ROUTE", 404, `no route matches ${method} ${host}${path}`);
  }
}

export class OriginUnreachableError extends EdgeError {
  constructor(origin: string, cause?: unknown) {
    super("ORIGIN_UNREACHABLE", 502, `origin "${origin}" could not be reached`, { cause });
  }
}

export class OriginTimeoutError extends EdgeError {
  constructor(origin: string, timeoutMs: number) {
    super("ORIGIN_TIMEOUT", 504, `origin "${origin}" sent no response headers within ${timeoutMs} ms`);
  }
}

export class TableMissingError extends EdgeError {
  constructor(key: string) {
    super("ROUTE_TABLE_MISSING", 503, `no route table in KV binding ROUTES at key "${key}"`);
  }
}

export class TableInvalidError extends EdgeError {
  constructor(key: string, issueCount: number) {
    super(
      "ROUTE_TABLE_INVALID",
      503,
      `the route table at key "${key}" is invalid (${issueCount} issue(s), see logs) and no earlier valid table is loaded`,
    );
  }
}

export class InternalError extends EdgeError {
  constructor(cause: unknown) {
    super("INTERNAL", 500, "internal error", { cause });
  }
}

/**
 * The client's request cannot be sent as it is (a GET or HEAD with a body: fetch refuses it before
 * any connection). Caused by the client, so it never counts against an origin and is never retried.
 */
export class BadRequestBodyError extends EdgeError {
  constructor(method: string) {
    super("BAD_REQUEST_BODY", 400, `a ${method} request cannot carry a body (Content-Length or Transfer-Encoding)`);
  }
}

/** The runtime refused to build the upstream request for a reason of the request's shape (client-caused). */
export class UnsendableRequestError extends EdgeError {
  constructor(cause: unknown) {
    super(
      "UNSENDABLE_REQUEST",
      400,
      `the request cannot be forwarded as sent: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A WebSocket handshake is a bodiless GET (RFC 6455 section 4.1); the runtime would silently send another method as GET. */
export class BadUpgradeMethodError extends EdgeError {
  constructor(method: string) {
    super(
      "BAD_UPGRADE_METHOD",
      400,
      method === "GET"
        ? "a WebSocket upgrade must be a GET without a body (this one has Content-Length or Transfer-Encoding: another method)"
        : `a WebSocket upgrade must use GET, not ${method}`,
    );
  }
}

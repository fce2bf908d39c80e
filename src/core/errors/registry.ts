/**
 * Every error code the product answers or logs with, in one place: its namespace and HTTP status.
 * Codes are stable (clients, dashboards and alerts key on them, never on the message). The error
 * classes take their code and status from here, and the error tables in docs/worker.md are
 * generated from it and from each code's one-line meaning in meanings.ts, which stays out of the
 * worker bundle (`npm run docs:errors`; test/core/error-docs.test.ts fails on drift).
 */

/** edge: the request path; policy: refusals of a route's policies (src/policies); config: the route document (worker load, admin API, CLI); admin: the admin API; relay: the L4 relay (logged, no HTTP status). */
export type ErrorNamespace = "edge" | "policy" | "config" | "admin" | "relay";

export interface ErrorSpec {
  readonly code: string;
  readonly namespace: ErrorNamespace;
  /** HTTP status of the answer; null for the relay (its errors are logged, not answered). */
  readonly status: number | null;
}

function spec(namespace: ErrorNamespace, status: number | null) {
  return { namespace, status };
}

const TABLE = {
  // edge: one request through the pipeline
  BAD_PATH: spec("edge", 400),
  BAD_REQUEST_BODY: spec("edge", 400),
  BAD_UPGRADE_METHOD: spec("edge", 400),
  UNSENDABLE_REQUEST: spec("edge", 400),
  NO_ROUTE: spec("edge", 404),
  ORIGIN_UNREACHABLE: spec("edge", 502),
  NO_HEALTHY_ORIGIN: spec("edge", 503),
  ORIGIN_TIMEOUT: spec("edge", 504),
  ORIGIN_OVERLOADED: spec("edge", 503),
  INTERNAL: spec("edge", 500),
  // policy: refusals of a route's policy chain (src/policies); each adds the headers its standard asks for
  AUTH_REQUIRED: spec("policy", 401),
  AUTH_INVALID: spec("policy", 401),
  INSUFFICIENT_SCOPE: spec("policy", 403),
  FORBIDDEN: spec("policy", 403),
  CORS_REFUSED: spec("policy", 403),
  METHOD_NOT_ALLOWED: spec("policy", 405),
  PAYLOAD_TOO_LARGE: spec("policy", 413),
  URI_TOO_LONG: spec("policy", 414),
  RATE_LIMITED: spec("policy", 429),
  HEADERS_TOO_LARGE: spec("policy", 431),
  AUTH_KEYS_UNAVAILABLE: spec("policy", 503),
  RATE_LIMITER_UNAVAILABLE: spec("policy", 503),
  // config: the route document, as the worker loads it and the admin API / CLI check it
  ROUTE_TABLE_MISSING: spec("config", 503),
  ROUTE_TABLE_INVALID: spec("config", 503),
  CONFIG_NOT_FOUND: spec("config", 404),
  CONFIG_INVALID: spec("config", 400),
  CONFIG_TOO_LARGE: spec("config", 413),
  CONFIG_PRECONDITION_FAILED: spec("config", 412),
  CONFIG_VERSION_UNCHANGED: spec("config", 409),
  RELAY_REPORT_INVALID: spec("config", 400),
  RELAY_WAIT_INVALID: spec("config", 400),
  VERSION_NOT_FOUND: spec("config", 404),
  NO_ACTIVE_VERSION: spec("config", 409),
  ROLLOUT_CONFLICT: spec("config", 409),
  // admin: access to the admin API
  ADMIN_BAD_REQUEST: spec("admin", 400),
  ADMIN_UNAUTHORIZED: spec("admin", 401),
  ADMIN_BAD_AUTHORIZATION: spec("admin", 400),
  ADMIN_TOKEN_TOO_SHORT: spec("admin", 503),
  ADMIN_TOKEN_INVALID_CHARS: spec("admin", 503),
  CACHE_PURGE_INVALID: spec("admin", 400),
  ADMIN_NOT_FOUND: spec("admin", 404),
  ADMIN_METHOD_NOT_ALLOWED: spec("admin", 405),
  // relay: logged as `reason` on close lines and by the control loop
  ERR_RELAY_CONFIG: spec("relay", null),
  ERR_RELAY_NO_BACKEND: spec("relay", null),
  ERR_RELAY_CONNECT_TIMEOUT: spec("relay", null),
  ERR_RELAY_HEALTH_CHECK: spec("relay", null),
  ERR_RELAY_NO_POOL: spec("relay", null),
  ERR_RELAY_SNI_NO_MATCH: spec("relay", null),
  ERR_RELAY_CLIENT_GONE: spec("relay", null),
  PROXY_TIMEOUT: spec("relay", null),
  PROXY_TRUNCATED: spec("relay", null),
  PROXY_BAD_SIGNATURE: spec("relay", null),
  PROXY_BAD_VERSION: spec("relay", null),
  PROXY_BAD_COMMAND: spec("relay", null),
  PROXY_BAD_FAMILY: spec("relay", null),
  PROXY_TOO_LONG: spec("relay", null),
  PROXY_MALFORMED: spec("relay", null),
  PROXY_BAD_CHECKSUM: spec("relay", null),
  PROXY_SOCKET_ERROR: spec("relay", null),
  PROXY_INVALID_ARGUMENT: spec("relay", null),
} as const;

export type ErrorCode = keyof typeof TABLE;

/** The registry: code → spec (the code is repeated inside so a spec can travel alone). */
export const ERRORS: { readonly [C in ErrorCode]: ErrorSpec & { readonly code: C } } = Object.fromEntries(
  Object.entries(TABLE).map(([code, s]) => [code, { code, ...s }]),
) as never;

export const ERROR_NAMESPACES: readonly ErrorNamespace[] = ["edge", "policy", "config", "admin", "relay"];

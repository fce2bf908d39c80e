/**
 * Every error code the product answers or logs with, in one place: its namespace, HTTP status and
 * a one-line meaning. Codes are stable (clients, dashboards and alerts key on them, never on the
 * message). The error classes take their code and status from here, and the error tables in
 * docs/worker.md are generated from it (`npm run docs:errors`; test/core/error-docs.test.ts fails
 * on drift).
 */

/** edge: the request path; policy: refusals of a route's policies (src/policies); config: the route document (worker load, admin API, CLI); admin: the admin API; relay: the L4 relay (logged, no HTTP status). */
export type ErrorNamespace = "edge" | "policy" | "config" | "admin" | "relay";

export interface ErrorSpec {
  readonly code: string;
  readonly namespace: ErrorNamespace;
  /** HTTP status of the answer; null for the relay (its errors are logged, not answered). */
  readonly status: number | null;
  readonly meaning: string;
}

function spec(namespace: ErrorNamespace, status: number | null, meaning: string) {
  return { namespace, status, meaning };
}

const TABLE = {
  // edge: one request through the pipeline
  BAD_PATH: spec(
    "edge",
    400,
    "the request path is refused by normalization: malformed percent-escape, `%00`, overlong UTF-8, `%2F`/`%5C`, `%252e`-style double escapes or `;` where the settings reject them, a `..;`/`..%3B` segment, or a path over 4,096 characters on a route with a `rewrite.regex`",
  ),
  BAD_REQUEST_BODY: spec(
    "edge",
    400,
    "a `GET` or `HEAD` that announces a body (`Content-Length` > 0 or `Transfer-Encoding`): fetch cannot send it; never counted against an origin",
  ),
  BAD_UPGRADE_METHOD: spec(
    "edge",
    400,
    "a WebSocket upgrade on a method other than `GET` (or with `Content-Length`/`Transfer-Encoding`, which the runtime leaves when it turns such a request into a `GET`)",
  ),
  UNSENDABLE_REQUEST: spec(
    "edge",
    400,
    "fetch refused the request for its shape (method, body, headers) before connecting; never counted against an origin",
  ),
  NO_ROUTE: spec("edge", 404, "no virtual host serves the host, or no route of it matches"),
  ORIGIN_UNREACHABLE: spec("edge", 502, "connection refused/reset/DNS failure on the last attempt, after any retries"),
  NO_HEALTHY_ORIGIN: spec(
    "edge",
    503,
    "no origin of the route's pools (and fallback) can take the request, and `lastResort` is off",
  ),
  ORIGIN_TIMEOUT: spec("edge", 504, "no response headers within the route's timeout (or the last try's)"),
  ORIGIN_OVERLOADED: spec(
    "edge",
    503,
    "overload protection: every origin the request may use is at its in-flight cap with a full wait queue (or the wait timed out), its circuit breaker is open, or the request was shed from a degraded pool; `Retry-After` is set",
  ),
  INTERNAL: spec("edge", 500, "a bug; logged with its stack"),
  // policy: refusals of a route's policy chain (src/policies); each adds the headers its standard asks for
  AUTH_REQUIRED: spec("policy", 401, "no credentials were sent; `WWW-Authenticate` names the scheme and realm"),
  AUTH_INVALID: spec(
    "policy",
    401,
    'the credentials are not valid (bad signature, expired, wrong issuer/audience, unknown key); `WWW-Authenticate` with `error="invalid_token"`',
  ),
  INSUFFICIENT_SCOPE: spec(
    "policy",
    403,
    'the token is valid but lacks a required claim or scope; `WWW-Authenticate` with `error="insufficient_scope"`',
  ),
  FORBIDDEN: spec("policy", 403, "the client address or country is refused by an `ipFilter` policy"),
  CORS_REFUSED: spec(
    "policy",
    403,
    "a CORS preflight asks for an origin, method or header the `cors` policy does not allow",
  ),
  METHOD_NOT_ALLOWED: spec("policy", 405, "the method is not in the `requestLimits` policy's list; `Allow` lists them"),
  PAYLOAD_TOO_LARGE: spec(
    "policy",
    413,
    "the request body exceeds `maxBodyBytes` (counted while streaming, chunked bodies too)",
  ),
  URI_TOO_LONG: spec("policy", 414, "the request URL exceeds `maxUrlBytes`"),
  RATE_LIMITED: spec(
    "policy",
    429,
    "over the `rateLimit` policy's limit; `Retry-After`, `RateLimit-Policy` and `RateLimit` say when to retry",
  ),
  HEADERS_TOO_LARGE: spec("policy", 431, "the request headers exceed `maxHeaderBytes`"),
  AUTH_KEYS_UNAVAILABLE: spec(
    "policy",
    503,
    "the JWKS endpoint or the API key store could not be read, so no credential can be checked",
  ),
  RATE_LIMITER_UNAVAILABLE: spec(
    "policy",
    503,
    'the rate limiter failed and the policy fails closed (`onLimiterError: "closed"`)',
  ),
  // config: the route document, as the worker loads it and the admin API / CLI check it
  ROUTE_TABLE_MISSING: spec("config", 503, "the KV key does not exist and this isolate never loaded a table"),
  ROUTE_TABLE_INVALID: spec("config", 503, "the document is invalid and this isolate never loaded a good one"),
  CONFIG_NOT_FOUND: spec("config", 404, "admin API: no document is stored at the routes key"),
  CONFIG_INVALID: spec(
    "config",
    400,
    "admin API: the document would not load (the body adds `issues: [{ path, message }]`)",
  ),
  CONFIG_TOO_LARGE: spec("config", 413, "admin API: the document exceeds the Workers KV value limit (25 MiB)"),
  CONFIG_PRECONDITION_FAILED: spec("config", 412, "admin API: `If-Match` / `If-None-Match` did not hold"),
  CONFIG_VERSION_UNCHANGED: spec(
    "config",
    409,
    "admin API: the stored document has this `version` with other content (the worker would ignore it)",
  ),
  RELAY_REPORT_INVALID: spec(
    "config",
    400,
    "admin API: a relay's `POST /relays/report` body is not `{ id, version, health }`",
  ),
  RELAY_WAIT_INVALID: spec("config", 400, "admin API: `PUT /config?wait=relays` with `waitSeconds` outside 1..30"),
  VERSION_NOT_FOUND: spec(
    "config",
    404,
    "admin API: no stored version with this id (only the last `VERSIONS_KEEP` are kept)",
  ),
  NO_ACTIVE_VERSION: spec("config", 409, "admin API: there is no active document yet; PUT one first"),
  ROLLOUT_CONFLICT: spec(
    "config",
    409,
    "admin API: the rollout cannot start or stop in the current state (one is running, the candidate is active, or none runs)",
  ),
  // admin: access to the admin API
  ADMIN_BAD_REQUEST: spec(
    "admin",
    400,
    "the request body or parameters of an admin endpoint are malformed (the message names the JSON path)",
  ),
  ADMIN_UNAUTHORIZED: spec("admin", 401, "missing or wrong bearer token"),
  ADMIN_BAD_AUTHORIZATION: spec("admin", 400, 'the Authorization header is not "Bearer <token>"'),
  ADMIN_TOKEN_TOO_SHORT: spec("admin", 503, "the admin API is closed: ADMIN_TOKEN is shorter than 16 characters"),
  ADMIN_TOKEN_INVALID_CHARS: spec(
    "admin",
    503,
    "the admin API is closed: ADMIN_TOKEN has characters a bearer token cannot carry",
  ),
  CACHE_PURGE_INVALID: spec(
    "admin",
    400,
    'admin API: a cache purge body is not `{ "url": ... }` or `{ "prefix": ... }`',
  ),
  ADMIN_NOT_FOUND: spec("admin", 404, "no admin endpoint at this method and path"),
  ADMIN_METHOD_NOT_ALLOWED: spec("admin", 405, "the endpoint exists but not for this method (`Allow` lists them)"),
  // relay: logged as `reason` on close lines and by the control loop
  ERR_RELAY_CONFIG: spec("relay", null, "the edge document could not be loaded or applied; the last good one stays"),
  ERR_RELAY_NO_BACKEND: spec("relay", null, "no usable backend in the listener's pool"),
  ERR_RELAY_CONNECT_TIMEOUT: spec("relay", null, "the backend did not accept the connection in time"),
  ERR_RELAY_HEALTH_CHECK: spec("relay", null, "an active health check failed"),
  ERR_RELAY_NO_POOL: spec("relay", null, "the listener's pool is gone (removed by a reload)"),
  ERR_RELAY_SNI_NO_MATCH: spec("relay", null, "no `sni` rule matches the TLS server name and there is no default pool"),
  ERR_RELAY_CLIENT_GONE: spec("relay", null, "the client left before a backend was chosen (not counted as an error)"),
  PROXY_TIMEOUT: spec("relay", null, "PROXY protocol: the header did not arrive in time"),
  PROXY_TRUNCATED: spec("relay", null, "PROXY protocol: the peer closed before the header was complete"),
  PROXY_BAD_SIGNATURE: spec("relay", null, 'PROXY protocol: neither "PROXY " (v1) nor the v2 signature'),
  PROXY_BAD_VERSION: spec("relay", null, "PROXY protocol: the v2 version nibble is not 2"),
  PROXY_BAD_COMMAND: spec("relay", null, "PROXY protocol: a v2 command other than LOCAL/PROXY"),
  PROXY_BAD_FAMILY: spec("relay", null, "PROXY protocol: unknown address family or transport"),
  PROXY_TOO_LONG: spec("relay", null, "PROXY protocol: v1 line without CRLF in 107 bytes, or v2 length over the cap"),
  PROXY_MALFORMED: spec("relay", null, "PROXY protocol: the header does not match the specification"),
  PROXY_BAD_CHECKSUM: spec("relay", null, "PROXY protocol: PP2_TYPE_CRC32C present and wrong"),
  PROXY_SOCKET_ERROR: spec("relay", null, "PROXY protocol: the socket failed while the header was read"),
  PROXY_INVALID_ARGUMENT: spec("relay", null, "PROXY protocol encoder: given something it cannot represent"),
} as const;

export type ErrorCode = keyof typeof TABLE;

/** The registry: code → spec (the code is repeated inside so a spec can travel alone). */
export const ERRORS: { readonly [C in ErrorCode]: ErrorSpec & { readonly code: C } } = Object.fromEntries(
  Object.entries(TABLE).map(([code, s]) => [code, { code, ...s }]),
) as never;

export const ERROR_NAMESPACES: readonly ErrorNamespace[] = ["edge", "policy", "config", "admin", "relay"];

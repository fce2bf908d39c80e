/**
 * The one-line meaning of every error code, for the docs only: `npm run docs:errors` renders them
 * into the error tables of docs/worker.md (docs.ts). Kept out of registry.ts so the worker bundle
 * does not carry text it never reads; nothing under src/ but docs.ts imports this module (the
 * dependency rules check it). The type makes a missing or unknown code a compile error, and
 * test/core/error-docs.test.ts checks both directions again at run time.
 */
import type { ErrorCode } from "./registry.ts";

export const ERROR_MEANINGS: { readonly [C in ErrorCode]: string } = {
  // edge: one request through the pipeline
  BAD_PATH:
    "the request path is refused by normalization: malformed percent-escape, `%00`, overlong UTF-8, `%2F`/`%5C`, `%252e`-style double escapes or `;` where the settings reject them, a `..;`/`..%3B` segment, or a path over 4,096 characters on a route with a `rewrite.regex`",
  BAD_REQUEST_BODY:
    "a `GET` or `HEAD` that announces a body (`Content-Length` > 0 or `Transfer-Encoding`): fetch cannot send it; never counted against an origin",
  BAD_UPGRADE_METHOD:
    "a WebSocket upgrade on a method other than `GET` (or with `Content-Length`/`Transfer-Encoding`, which the runtime leaves when it turns such a request into a `GET`)",
  UNSENDABLE_REQUEST:
    "fetch refused the request for its shape (method, body, headers) before connecting; never counted against an origin",
  NO_ROUTE: "no virtual host serves the host, or no route of it matches",
  ORIGIN_UNREACHABLE: "connection refused/reset/DNS failure on the last attempt, after any retries",
  NO_HEALTHY_ORIGIN: "no origin of the route's pools (and fallback) can take the request, and `lastResort` is off",
  ORIGIN_TIMEOUT: "no response headers within the route's timeout (or the last try's)",
  ORIGIN_OVERLOADED:
    "overload protection: every origin the request may use is at its in-flight cap with a full wait queue (or the wait timed out), its circuit breaker is open, or the request was shed from a degraded pool; `Retry-After` is set",
  INTERNAL: "a bug; logged with its stack",
  // policy: refusals of a route's policy chain (src/policies)
  AUTH_REQUIRED: "no credentials were sent; `WWW-Authenticate` names the scheme and realm",
  AUTH_INVALID:
    'the credentials are not valid (bad signature, expired, wrong issuer/audience, unknown key); `WWW-Authenticate` with `error="invalid_token"`',
  INSUFFICIENT_SCOPE:
    'the token is valid but lacks a required claim or scope; `WWW-Authenticate` with `error="insufficient_scope"`',
  FORBIDDEN: "the client address or country is refused by an `ipFilter` policy",
  CORS_REFUSED: "a CORS preflight asks for an origin, method or header the `cors` policy does not allow",
  METHOD_NOT_ALLOWED: "the method is not in the `requestLimits` policy's list; `Allow` lists them",
  PAYLOAD_TOO_LARGE: "the request body exceeds `maxBodyBytes` (counted while streaming, chunked bodies too)",
  URI_TOO_LONG: "the request URL exceeds `maxUrlBytes`",
  RATE_LIMITED:
    "over the `rateLimit` policy's limit; `Retry-After`, `RateLimit-Policy` and `RateLimit` say when to retry",
  HEADERS_TOO_LARGE: "the request headers exceed `maxHeaderBytes`",
  AUTH_KEYS_UNAVAILABLE: "the JWKS endpoint or the API key store could not be read, so no credential can be checked",
  RATE_LIMITER_UNAVAILABLE: 'the rate limiter failed and the policy fails closed (`onLimiterError: "closed"`)',
  // config: the route document, as the worker loads it and the admin API / CLI check it
  ROUTE_TABLE_MISSING: "the KV key does not exist and this isolate never loaded a table",
  ROUTE_TABLE_INVALID: "the document is invalid and this isolate never loaded a good one",
  CONFIG_NOT_FOUND: "admin API: no document is stored at the routes key",
  CONFIG_INVALID: "admin API: the document would not load (the body adds `issues: [{ path, message }]`)",
  CONFIG_TOO_LARGE: "admin API: the document exceeds the Workers KV value limit (25 MiB)",
  CONFIG_PRECONDITION_FAILED: "admin API: `If-Match` / `If-None-Match` did not hold",
  CONFIG_VERSION_UNCHANGED:
    "admin API: the stored document has this `version` with other content (the worker would ignore it)",
  RELAY_REPORT_INVALID: "admin API: a relay's `POST /relays/report` body is not `{ id, version, health }`",
  RELAY_WAIT_INVALID: "admin API: `PUT /config?wait=relays` with `waitSeconds` outside 1..30",
  VERSION_NOT_FOUND: "admin API: no stored version with this id (only the last `VERSIONS_KEEP` are kept)",
  NO_ACTIVE_VERSION: "admin API: there is no active document yet; PUT one first",
  ROLLOUT_CONFLICT:
    "admin API: the rollout cannot start or stop in the current state (one is running, the candidate is active, or none runs)",
  // admin: access to the admin API
  ADMIN_BAD_REQUEST:
    "the request body or parameters of an admin endpoint are malformed (the message names the JSON path)",
  ADMIN_UNAUTHORIZED: "missing or wrong bearer token",
  ADMIN_BAD_AUTHORIZATION: 'the Authorization header is not "Bearer <token>"',
  ADMIN_TOKEN_TOO_SHORT: "the admin API is closed: ADMIN_TOKEN is shorter than 16 characters",
  ADMIN_TOKEN_INVALID_CHARS: "the admin API is closed: ADMIN_TOKEN has characters a bearer token cannot carry",
  CACHE_PURGE_INVALID: 'admin API: a cache purge body is not `{ "url": ... }` or `{ "prefix": ... }`',
  ADMIN_NOT_FOUND: "no admin endpoint at this method and path",
  ADMIN_METHOD_NOT_ALLOWED: "the endpoint exists but not for this method (`Allow` lists them)",
  // relay: logged as `reason` on close lines and by the control loop
  ERR_RELAY_CONFIG: "the edge document could not be loaded or applied; the last good one stays",
  ERR_RELAY_NO_BACKEND: "no usable backend in the listener's pool",
  ERR_RELAY_CONNECT_TIMEOUT: "the backend did not accept the connection in time",
  ERR_RELAY_HEALTH_CHECK: "an active health check failed",
  ERR_RELAY_NO_POOL: "the listener's pool is gone (removed by a reload)",
  ERR_RELAY_SNI_NO_MATCH: "no `sni` rule matches the TLS server name and there is no default pool",
  ERR_RELAY_CLIENT_GONE: "the client left before a backend was chosen (not counted as an error)",
  PROXY_TIMEOUT: "PROXY protocol: the header did not arrive in time",
  PROXY_TRUNCATED: "PROXY protocol: the peer closed before the header was complete",
  PROXY_BAD_SIGNATURE: 'PROXY protocol: neither "PROXY " (v1) nor the v2 signature',
  PROXY_BAD_VERSION: "PROXY protocol: the v2 version nibble is not 2",
  PROXY_BAD_COMMAND: "PROXY protocol: a v2 command other than LOCAL/PROXY",
  PROXY_BAD_FAMILY: "PROXY protocol: unknown address family or transport",
  PROXY_TOO_LONG: "PROXY protocol: v1 line without CRLF in 107 bytes, or v2 length over the cap",
  PROXY_MALFORMED: "PROXY protocol: the header does not match the specification",
  PROXY_BAD_CHECKSUM: "PROXY protocol: PP2_TYPE_CRC32C present and wrong",
  PROXY_SOCKET_ERROR: "PROXY protocol: the socket failed while the header was read",
  PROXY_INVALID_ARGUMENT: "PROXY protocol encoder: given something it cannot represent",
};

/**
 * The seam between the compiled route table (src/router) and the request path (src/edge, src/pipeline).
 * A table is compiled once per config version; `match` runs per request and must not allocate needlessly.
 */
import type { EdgeConfig } from "../schema/index.ts";

/** What the matcher needs of request headers: `Headers` satisfies it. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface MatchInput {
  method: string;
  /** Lower-cased host without port, taken from the request URL (never trusted to pick an origin). */
  host: string;
  /** Normalized path starting with '/' (see the worker's normalization), without query string. */
  path: string;
  /** Parsed query of the request URL (`URLSearchParams` or anything with the same `get`). */
  query: { get(name: string): string | null };
  /** Request headers; a `Headers` object, or anything with the same `get` (lower-case names). */
  headers: HeaderReader;
  /**
   * Parsed Cookie header, if the caller already has it. When absent the matcher scans the Cookie
   * header for just the cookies that candidate routes test (no map is built).
   */
  cookies?: ReadonlyMap<string, string>;
}

/**
 * The chosen route. Results may be shared between requests (a static path's answer is built once),
 * so treat them as immutable.
 */
export interface MatchResult<Action = unknown> {
  /** Route name (or `vhost#index` when unnamed), for logs and debug headers. */
  readonly routeName: string;
  readonly virtualHost: string;
  readonly action: Action;
  /** Named params captured by a URI template (`/users/{id}`), still percent-encoded; computed on first access. */
  readonly params: Readonly<Record<string, string>>;
  /** API version resolved for this request (matched or defaulted, leading `v` removed), if the route uses one. */
  readonly apiVersion?: string | undefined;
  /**
   * Path to send upstream (forward) or to put in Location (redirect): the input path with the
   * version segment stripped (if the route says so) and the action's prefix/regex/path rewrite applied.
   */
  readonly forwardPath: string;
}

/**
 * A compiled table. Build MatchInput cheaply: `{ method: request.method, host: url.hostname,
 * path: normalizedPath, query: url.searchParams, headers: request.headers }` (see compile.ts).
 */
export interface CompiledTable<Action = unknown> {
  readonly version: string;
  readonly config: EdgeConfig;
  match(input: MatchInput): MatchResult<Action> | null;
}

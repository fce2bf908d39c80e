/** One policy that ran for a request and what it decided (filled by the policies stage). */
export interface PolicyOutcome {
  name: string;
  outcome: string;
}

/**
 * The facts of one request, filled where each is decided (handler: host, route, status; forward
 * path: pool, origin, attempts) and read once after the response for the access log, the
 * per-isolate stats and Analytics Engine. Plain fields: filling one is a store, nothing more.
 */
export class RequestRecord {
  readonly start: number;
  readonly requestId: string;
  readonly method: string;
  readonly url: string;
  /** Virtual host name once matched; until then the request's host. */
  host = "";
  path = "";
  virtualHost: string | null = null;
  route: string | null = null;
  policies: PolicyOutcome[] = [];
  pool: string | null = null;
  origin: string | null = null;
  attempts = 0;
  status = 0;
  bytes: number | null = null;
  /** Cache status (HIT, MISS, …) once a cache stage exists. */
  cache: string | null = null;
  /** Table version that served the request ("" before a table was loaded). */
  version = "";
  /** Which side of a staged rollout served the request (undefined: no rollout running). */
  rollout: "candidate" | "active" | undefined = undefined;
  /** The error code when the edge answered with an error. */
  error: string | null = null;

  constructor(requestId: string, method: string, url: string, start: number) {
    this.requestId = requestId;
    this.method = method;
    this.url = url;
    this.start = start;
  }

  /** Pool and origin of the attempt being made (the last one made, once the response is in). */
  attempted(pool: string, origin: string, attempt: number): void {
    this.pool = pool;
    this.origin = origin;
    this.attempts = attempt;
  }

  /** The route's key in stats and Analytics Engine: `<virtual host>/<route name>`. */
  get routeKey(): string {
    return this.route === null ? "(no route)" : `${this.virtualHost}/${this.route}`;
  }
}

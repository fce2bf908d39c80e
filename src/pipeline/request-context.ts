import type { RequestRecord } from "../observe/request-record.ts";
import type { Settings } from "../schema/settings.ts";

/** Per-request facts computed once by the ingress stage and read by every later stage. */
export interface RequestContext {
  readonly request: Request;
  /** The request URL's parts (a URL satisfies this too). */
  readonly url: RequestUrl;
  /**
   * The host to route on: the URL's host name lower-cased, without port, one trailing dot removed
   * (`api.example.com.` is the same host, as Envoy's strip_trailing_host_dot).
   */
  readonly host: string;
  /** Normalized path (see ingress/normalize-path.ts). */
  readonly path: string;
  readonly requestId: string;
  /**
   * traceparent to set upstream (settings.traceContext "hop": the incoming trace continued, or a new
   * one); undefined with "pass", where the client's own traceparent travels untouched.
   */
  readonly traceparent: string | undefined;
  /** CF-Connecting-IP as set by Cloudflare; "" when absent (local runs). */
  readonly clientIp: string;
  readonly settings: Settings;
  /** What the access log and stats will say about this request; filled where each fact is decided. */
  readonly record?: RequestRecord | undefined;
}

/** The parts of the request URL the edge reads. A `URL` has the same shape. */
export interface RequestUrl {
  /** Scheme with its colon: "https:". */
  readonly protocol: string;
  /** Host name and non-default port: "api.example.com:8443". */
  readonly host: string;
  /** Host name only; IPv6 keeps its brackets: "[::1]". */
  readonly hostname: string;
  /** Non-default port, or "". */
  readonly port: string;
  /** Path as the runtime serialized it (percent-encoded, dot segments resolved); "/" at least. */
  readonly pathname: string;
  /** Query with its "?", or "" (also for a lone "?"). */
  readonly search: string;
}

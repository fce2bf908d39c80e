import type { RequestRecord } from "../observe/request-record.ts";
import type { RequestUrl } from "../proxy/request-url.ts";
import type { Settings } from "../schema/settings.ts";

/** Per-request facts computed once at the edge and shared by every action handler. */
export interface RequestContext {
  readonly request: Request;
  /** The request URL's parts (a URL satisfies this too). */
  readonly url: RequestUrl;
  /** Normalized path (see src/proxy/normalize-path.ts). */
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

import { NoHealthyOriginError, OriginUnreachableError } from "../../../core/errors/index.ts";
import type { Fallback } from "../../../schema/l7-release.ts";
import type { RequestContext } from "../../request-context.ts";

/** Failures that mean "every pool of the chain is down": no healthy origin, or the last one unreachable. */
export function isChainDown(err: unknown): boolean {
  return err instanceof NoHealthyOriginError || err instanceof OriginUnreachableError;
}

/** The maintenance response configured by `action.fallback`, marked `x-edge-fallback: 1`. */
export function fallbackResponse(rc: RequestContext, f: Fallback): Response {
  const headers = new Headers(f.headers);
  if (f.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", f.contentType ?? "text/plain; charset=utf-8");
  if (f.retryAfter !== undefined) headers.set("retry-after", String(f.retryAfter));
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  headers.set("x-edge-fallback", "1");
  headers.set("x-request-id", rc.requestId);
  const body = rc.request.method === "HEAD" || f.status === 204 || f.status === 304 ? null : (f.body ?? null);
  return new Response(body, { status: f.status, headers });
}

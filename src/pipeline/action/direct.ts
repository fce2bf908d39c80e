import type { DirectAction } from "../../schema/l7.ts";
import type { RequestContext } from "../request-context.ts";

/** A fixed response from the table (404/410 routes, maintenance pages). No origin is contacted. */
export function directResponse(rc: RequestContext, action: DirectAction): Response {
  const headers = new Headers(action.headers);
  if (action.body !== undefined && !headers.has("content-type")) {
    headers.set("content-type", action.contentType ?? "text/plain; charset=utf-8");
  }
  headers.set("x-request-id", rc.requestId);
  const body = rc.request.method === "HEAD" ? null : (action.body ?? null);
  return new Response(body, { status: action.status, headers });
}

import type { RequestRecord } from "../../observe/request-record.ts";
import type { Settings } from "../../schema/settings.ts";
import type { RequestContext } from "../request-context.ts";
import { normalizePath } from "./normalize-path.ts";
import { nextTraceparent } from "./request-id.ts";
import { splitRequestUrl } from "./request-url.ts";

export type { RequestContext } from "../request-context.ts";
export { requestIdFrom } from "./request-id.ts";

/**
 * Stage 1, ingress: the request's facts, computed once and read by every later stage — URL parts
 * (split without `new URL()`), the normalized path (throws BadPathError), the trace context to send
 * upstream and the client address. The request id is read before (the errors stage needs it even
 * when no table is loaded).
 */
export function ingress(
  request: Request,
  requestId: string,
  settings: Settings,
  record?: RequestRecord,
): RequestContext {
  const headers = request.headers; // each property read is a call into the runtime
  const url = splitRequestUrl(request.url);
  let host = url.hostname.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  return {
    request,
    url,
    host,
    path: normalizePath(url.pathname, settings.path),
    requestId,
    traceparent: settings.traceContext === "hop" ? nextTraceparent(headers.get("traceparent")) : undefined,
    clientIp: headers.get("cf-connecting-ip") ?? "",
    settings,
    record,
  };
}

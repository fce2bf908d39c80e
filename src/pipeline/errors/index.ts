import { EdgeError, InternalError, OriginOverloadedError } from "../../core/errors/index.ts";
import { log } from "../../core/log.ts";

/**
 * Stage 6, errors: any failure of the earlier stages becomes the JSON body every edge-generated
 * error carries, `{ error: { code, message, requestId } }`, with the status of its registry entry.
 * Anything that is not an EdgeError is a bug: logged with its stack, answered 500 INTERNAL.
 */
export function errorResponse(err: unknown, requestId: string): Response {
  const e = err instanceof EdgeError ? err : new InternalError(err);
  if (!(err instanceof EdgeError)) log.error("unhandled", { requestId, error: String((err as Error)?.stack ?? err) });
  const body = JSON.stringify({ error: { code: e.code, message: e.message, requestId } });
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-request-id": requestId,
  };
  if (e instanceof OriginOverloadedError) headers["retry-after"] = String(e.retryAfter);
  return new Response(body, { status: e.status, headers });
}

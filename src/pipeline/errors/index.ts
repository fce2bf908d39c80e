import { EdgeError, InternalError } from "../../core/errors/edge.ts";

/** The JSON body every edge-generated error carries: `{ error: { code, message, requestId } }`. */
export function errorResponse(err: unknown, requestId: string): Response {
  const e = err instanceof EdgeError ? err : new InternalError(err);
  if (!(err instanceof EdgeError)) {
    console.error(
      JSON.stringify({ level: "error", event: "unhandled", requestId, error: String((err as Error)?.stack ?? err) }),
    );
  }
  const body = JSON.stringify({ error: { code: e.code, message: e.message, requestId } });
  return new Response(body, {
    status: e.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-request-id": requestId,
    },
  });
}

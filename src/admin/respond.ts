import { AdminMethodNotAllowedError, ConfigInvalidError } from "../core/errors/index.ts";
import { errorResponse } from "../pipeline/errors/index.ts";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;

/** A JSON answer of the admin API; never cached by anyone in between. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/**
 * The standard error body `{ error: { code, message, requestId } }` (src/pipeline/errors/index.ts),
 * plus `issues` for an invalid document and `Allow` for a wrong method.
 */
export function adminErrorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ConfigInvalidError) {
    const error = { code: err.code, message: err.message, requestId, issues: err.issues };
    return jsonResponse({ error }, err.status, { "x-request-id": requestId });
  }
  const res = errorResponse(err, requestId);
  if (err instanceof AdminMethodNotAllowedError) res.headers.set("allow", err.allow);
  return res;
}

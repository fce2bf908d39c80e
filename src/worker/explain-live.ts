/**
 * The live explain: a request carrying `X-Edge-Explain: <admin token>` is not routed; the worker
 * answers with the explanation (src/explain) computed on the table this client would be served
 * (the rollout candidate included). Without ADMIN_TOKEN set the header is an ordinary header.
 */
import { timingSafeEqual } from "hono/utils/buffer";
import { AdminUnauthorizedError } from "../core/errors/index.ts";
import type { Edge } from "../edge/types.ts";
import { explainRequest } from "../explain/explain.ts";
import { errorResponse } from "../pipeline/errors/index.ts";
import { requestIdFrom } from "../pipeline/ingress/request-id.ts";

export const EXPLAIN_HEADER = "x-edge-explain";

export async function explainLive(request: Request, token: string, table: () => Promise<Edge>): Promise<Response> {
  const requestId = requestIdFrom(request.headers);
  try {
    const sent = request.headers.get(EXPLAIN_HEADER) ?? "";
    if (!(await timingSafeEqual(token, sent)))
      throw new AdminUnauthorizedError(`${EXPLAIN_HEADER} does not hold the admin token`);
    const t = await table();
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      if (k !== EXPLAIN_HEADER && k !== "authorization") headers[k] = v;
    });
    const ip = request.headers.get("cf-connecting-ip");
    const country = request.headers.get("cf-ipcountry");
    const explanation = explainRequest(t.config, {
      method: request.method,
      url: request.url,
      headers,
      ...(ip !== null ? { ip } : {}),
      ...(country !== null ? { country } : {}),
    });
    return new Response(JSON.stringify({ servedVersion: t.version, ...explanation }), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}

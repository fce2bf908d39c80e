import { log } from "../../../core/log.ts";
import type { CompiledMirror } from "../../../edge/release/index.ts";
import type { HealthView } from "../../../health/view.ts";
import type { RequestContext } from "../../request-context.ts";
import { concat } from "../../upstream/body-buffer.ts";
import { fetchOrigin } from "../../upstream/fetch-origin.ts";
import type { RequestFacts } from "../../upstream/request-facts.ts";
import { selectOrigin } from "../../upstream/select.ts";
import { buildUpstreamHeaders } from "../upstream-headers.ts";

/** The shadow's copy of the request body: bytes, null (no body) or undefined (too large: no copy). */
export type ShadowBody = Promise<Uint8Array | null | undefined>;

/**
 * Splits the client's body between the primary and the shadow. The shadow branch is read at once,
 * up to maxBodyBytes (a larger body cancels it, so the tee never holds more than that), and the
 * primary streams as before. A declared Content-Length over the limit skips the copy up front.
 */
export function teeForMirror(
  m: CompiledMirror,
  request: Request,
): { primary: ReadableStream<Uint8Array> | null; shadow: ShadowBody } {
  const body = request.body;
  if (body === null) return { primary: null, shadow: Promise.resolve(null) };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > m.cfg.maxBodyBytes) return { primary: body, shadow: Promise.resolve(undefined) };
  const [primary, copy] = body.tee();
  return { primary, shadow: readBounded(copy, m.cfg.maxBodyBytes) };
}

async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined; // the client's body failed: the primary sees that; no copy
  }
  return concat(chunks, size);
}

/**
 * Sends the copy to one origin of the shadow pool and discards the answer. Runs in waitUntil after
 * the client's response headers are known; never throws. The shadow sees `x-forwarded-host` with
 * `-shadow` appended and `x-edge-shadow: 1` (fetch derives Host from the origin URL, see docs).
 */
export async function sendShadow(
  m: CompiledMirror,
  rc: RequestContext,
  path: string,
  facts: RequestFacts,
  health: HealthView,
  body: ShadowBody,
): Promise<void> {
  try {
    const bytes = await body;
    if (bytes === undefined) return;
    const now = Date.now();
    const sel = selectOrigin(
      { chain: [m.rt], health, facts, affinity: NO_AFFINITY, tried: new Set(), lastResort: false },
      now,
    );
    if (sel === undefined) return;
    const headers = buildUpstreamHeaders(rc.request.headers, {
      requestId: rc.requestId,
      traceparent: rc.traceparent,
      client: { ip: rc.clientIp, host: `${rc.url.host}-shadow`, proto: rc.url.protocol.slice(0, -1) },
      forwardedPolicy: rc.settings.forwardedHeaders,
      webSocket: false,
    });
    headers.set("x-edge-shadow", "1");
    const res = await fetchOrigin(sel.ep.origin, {
      method: rc.request.method,
      path,
      search: rc.url.search,
      headers,
      body: bytes,
      timeoutMs: m.cfg.timeoutMs,
    });
    await res.body?.cancel();
  } catch (err) {
    log.warn("mirror_failed", { requestId: rc.requestId, pool: m.rt.name, error: String(err) });
  }
}

const NO_AFFINITY: ReadonlyMap<string, string> = new Map();

import { OriginTimeoutError, OriginUnreachableError } from "../../core/errors/index.ts";
import { originUrl } from "../../core/origin-url.ts";
import type { Origin } from "../../schema/pool.ts";

export { originUrl } from "../../core/origin-url.ts";

/** Everything one attempt needs; built once per request so a retry loop can call fetchOrigin again. */
export interface UpstreamRequest {
  method: string;
  /** Normalized path to forward (already rewritten/stripped by the route). */
  path: string;
  /** Raw query string including '?', or "". */
  search: string;
  headers: Headers;
  /** Streamed through untouched; null for bodiless requests. Single-use as a stream: retries send a buffered copy (src/pipeline/upstream/body-buffer.ts). */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /** Time allowed until the origin's response headers arrive. */
  timeoutMs: number;
}

/**
 * SEAM (pools work wraps this in retries/failover): ONE attempt against ONE origin.
 * The target is always the table's origin URL; nothing from the client chooses it.
 * Resolves with whatever the origin answered (any status, 3xx included: `redirect: "manual"`);
 * rejects with OriginTimeoutError (no headers in time) or OriginUnreachableError (connect/reset).
 */
export async function fetchOrigin(origin: Origin, up: UpstreamRequest): Promise<Response> {
  const url = originUrl(origin.url, up.path, up.search);
  // AbortSignal.timeout is one native timer: no JS closure, no AbortController, no clearTimeout
  // (together a measurable share of each request under load). workerd consults a fetch's signal
  // only until the response headers arrive, so only that wait is bounded and the body streams for
  // as long as it takes (test/e2e/streaming.test.ts pins this down).
  const signal = AbortSignal.timeout(up.timeoutMs);
  try {
    return await fetch(url, {
      method: up.method,
      headers: up.headers,
      body: up.body,
      redirect: "manual",
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw new OriginTimeoutError(origin.name, up.timeoutMs);
    throw new OriginUnreachableError(origin.name, err);
  }
}

import {
  BadRequestBodyError,
  OriginTimeoutError,
  OriginUnreachableError,
  UnsendableRequestError,
} from "../../core/errors/index.ts";
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
  /** A Headers object, or the list of pairs the forward action builds (fetch takes either). */
  headers: Headers | [string, string][];
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
 * A failure the client's request caused (fetch refuses its shape before any connection) rejects
 * with a 400 EdgeError instead: it says nothing about the origin, so no outlier/retry counts it.
 */
export async function fetchOrigin(origin: Origin, up: UpstreamRequest): Promise<Response> {
  if (up.body !== null && bodilessMethod(up.method)) throw new BadRequestBodyError(up.method);
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
    if (isRequestShapeError(err)) throw new UnsendableRequestError(err);
    throw new OriginUnreachableError(origin.name, err);
  }
}

/** GET and HEAD cannot carry a body through fetch (the runtime throws a TypeError before connecting). */
export function bodilessMethod(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

/**
 * A TypeError fetch throws about the request itself (its method, body or headers), as opposed to
 * the network: workerd and undici word these as "... cannot have a body", "Invalid header ...", etc.
 * Network failures are never worded like this.
 */
const REQUEST_SHAPE = /cannot have (a )?body|invalid (header|method)|forbidden method|duplex/i;
function isRequestShapeError(err: unknown): boolean {
  return err instanceof TypeError && REQUEST_SHAPE.test(err.message);
}

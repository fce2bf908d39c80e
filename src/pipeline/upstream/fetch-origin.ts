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
  /** A Headers object, or the record the forward action builds (fetch takes either). */
  headers: Headers | Record<string, string>;
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
export function fetchOrigin(origin: Origin, up: UpstreamRequest): Promise<Response> {
  if (up.body !== null && bodilessMethod(up.method)) return Promise.reject(new BadRequestBodyError(up.method));
  const url = originUrl(origin.url, up.path, up.search);
  let pending: Promise<Response>;
  try {
    pending = fetch(url, { method: up.method, headers: up.headers, body: up.body, redirect: "manual" });
  } catch (err) {
    pending = Promise.reject(err); // a runtime that refuses the init synchronously: classified below
  }
  return headersWithin(pending, origin.name, up.timeoutMs);
}

/**
 * The response headers within `ms`, else OriginTimeoutError. A timer and a race, not a fetch
 * signal: in workerd, handing fetch an AbortSignal costs about 13 µs of CPU per request whether or
 * not a timer is behind it, a plain timer about 5 (docs/benchmarks.md, "Worker throughput").
 * Only the wait for headers is bounded, as before: the body streams for as long as it takes
 * (test/e2e/streaming.test.ts). A fetch that loses the race is not aborted; if its response
 * still comes, its body is cancelled so the connection is released. (Measured in workerd: an
 * aborted fetch left the hung origin's connection open too, so the signal bought nothing there.)
 */
function headersWithin(pending: Promise<Response>, originName: string, ms: number): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new OriginTimeoutError(originName, ms));
    }, ms);
    pending.then(
      (res) => {
        if (late) res.body?.cancel().catch(() => {});
        else {
          clearTimeout(timer);
          resolve(res);
        }
      },
      (err: unknown) => {
        if (late) return;
        clearTimeout(timer);
        reject(
          isRequestShapeError(err) ? new UnsendableRequestError(err) : new OriginUnreachableError(originName, err),
        );
      },
    );
  });
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

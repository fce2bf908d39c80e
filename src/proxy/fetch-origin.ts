import type { Origin } from "../schema/pool.ts";
import { OriginTimeoutError, OriginUnreachableError } from "../worker/errors.ts";

/** Everything one attempt needs; built once per request so a retry loop can call fetchOrigin again. */
export interface UpstreamRequest {
  method: string;
  /** Normalized path to forward (already rewritten/stripped by the route). */
  path: string;
  /** Raw query string including '?', or "". */
  search: string;
  headers: Headers;
  /** Streamed through untouched; null for bodiless requests. Single-use as a stream: retries send a buffered copy (src/pool/body-buffer.ts). */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /** Time allowed until the origin's response headers arrive. */
  timeoutMs: number;
}

/** Origin base URL + forwarded path: `http://o:1/base` + `/x` -> `http://o:1/base/x`. */
export function originUrl(base: string, path: string, search: string): string {
  const u = new URL(base);
  const basePath = u.pathname.endsWith("/") ? u.pathname.slice(0, -1) : u.pathname;
  return `${u.origin}${basePath}${path}${search}`;
}

/**
 * SEAM (pools work wraps this in retries/failover): ONE attempt against ONE origin.
 * The target is always the table's origin URL; nothing from the client chooses it.
 * Resolves with whatever the origin answered (any status, 3xx included: `redirect: "manual"`);
 * rejects with OriginTimeoutError (no headers in time) or OriginUnreachableError (connect/reset).
 */
export async function fetchOrigin(origin: Origin, up: UpstreamRequest): Promise<Response> {
  const url = originUrl(origin.url, up.path, up.search);
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, up.timeoutMs);
  try {
    return await fetch(url, {
      method: up.method,
      headers: up.headers,
      body: up.body,
      redirect: "manual",
      signal: abort.signal,
    });
  } catch (err) {
    if (timedOut) throw new OriginTimeoutError(origin.name, up.timeoutMs);
    throw new OriginUnreachableError(origin.name, err);
  } finally {
    // Only the wait for headers is bounded; the body streams for as long as it takes.
    clearTimeout(timer);
  }
}

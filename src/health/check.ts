import { originUrl } from "../core/origin-url.ts";
import type { HealthCheck } from "../schema/health.ts";
import type { Origin } from "../schema/pool.ts";
import { statusMatcher } from "./expected-status.ts";

export interface CheckResult {
  ok: boolean;
  /** Status code, or TIMEOUT / UNREACHABLE / STATUS_MISMATCH:<code> / BODY_MISMATCH:<code>. */
  detail: string;
  /** Milliseconds until the response headers arrived (checks that got an answer); see latency.ts. */
  latencyMs?: number;
}

/** Bytes of the body searched for `expectedBody`. */
export const BODY_LIMIT = 64 * 1024;

const matchers = new WeakMap<HealthCheck, (s: number) => boolean>();

function matcherOf(h: HealthCheck): (s: number) => boolean {
  let m = matchers.get(h);
  if (m === undefined) {
    m = statusMatcher(h.expectedStatus);
    matchers.set(h, m);
  }
  return m;
}

/** One active HTTP check of one origin (redirects are not followed: a 3xx is judged as is). */
export async function checkOrigin(origin: Origin, h: HealthCheck, fetcher: typeof fetch = fetch): Promise<CheckResult> {
  const q = h.path.indexOf("?");
  const url = q === -1 ? originUrl(origin.url, h.path, "") : originUrl(origin.url, h.path.slice(0, q), h.path.slice(q));
  const headers = new Headers(h.headers);
  if (!headers.has("user-agent")) headers.set("user-agent", "edge-router-health/1");
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, h.timeoutMs);
  const started = Date.now();
  try {
    const res = await fetcher(url, { method: h.method, headers, redirect: "manual", signal: abort.signal });
    const latencyMs = Date.now() - started;
    const status = String(res.status);
    if (!matcherOf(h)(res.status)) {
      await res.body?.cancel();
      return { ok: false, detail: `STATUS_MISMATCH:${status}` };
    }
    if (h.expectedBody === undefined) {
      await res.body?.cancel();
      return { ok: true, detail: status, latencyMs };
    }
    const found = await bodyContains(res.body, h.expectedBody);
    return found ? { ok: true, detail: status, latencyMs } : { ok: false, detail: `BODY_MISMATCH:${status}` };
  } catch {
    return { ok: false, detail: timedOut ? "TIMEOUT" : "UNREACHABLE" };
  } finally {
    clearTimeout(timer);
  }
}

/** Looks for `needle` in the first BODY_LIMIT bytes, then stops reading. */
async function bodyContains(body: ReadableStream<Uint8Array> | null, needle: string): Promise<boolean> {
  if (body === null) return false;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let read = 0;
  try {
    while (read < BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.byteLength + read > BODY_LIMIT ? value.subarray(0, BODY_LIMIT - read) : value;
      read += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (text.includes(needle)) return true;
    }
    text += decoder.decode();
    return text.includes(needle);
  } finally {
    reader.cancel().catch(() => {});
  }
}

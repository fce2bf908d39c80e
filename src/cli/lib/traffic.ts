/**
 * A traffic sample for what-if, one of:
 *   - NDJSON, one request per line: { "method", "url", "headers"? } (headers: object or [{name, value}]);
 *   - the worker's access-log lines (one JSON object per line): { "method", "url" } or
 *     { "method", "host", "path", "query"? }; other fields (route, requestId, ...) are ignored;
 *   - a HAR file (JSON with log.entries[].request).
 * Lines that are not requests (other log events, blank lines) are counted as skipped.
 */
import type { ExplainInput } from "../../explain/types.ts";

export interface Sample {
  requests: ExplainInput[];
  skipped: number;
}

type Raw = Record<string, unknown>;

function headersOf(h: unknown): Record<string, string> {
  if (Array.isArray(h)) {
    const out: Record<string, string> = {};
    for (const e of h as Array<{ name?: unknown; value?: unknown }>)
      if (typeof e.name === "string" && typeof e.value === "string" && !e.name.startsWith(":"))
        out[e.name.toLowerCase()] = e.value;
    return out;
  }
  if (typeof h === "object" && h !== null)
    return Object.fromEntries(Object.entries(h).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  return {};
}

/** One request from an NDJSON or access-log object, or undefined when the line is no request. */
export function requestOf(o: Raw): ExplainInput | undefined {
  const method = typeof o.method === "string" ? o.method : undefined;
  if (method === undefined) return undefined;
  let url: string | undefined;
  if (typeof o.url === "string" && URL.canParse(o.url)) url = o.url;
  else if (typeof o.host === "string") {
    const path = typeof o.path === "string" ? o.path : typeof o.url === "string" ? o.url : "/";
    const query =
      typeof o.query === "string" && o.query !== "" ? (o.query.startsWith("?") ? o.query : `?${o.query}`) : "";
    const scheme = typeof o.scheme === "string" ? o.scheme : "https";
    url = `${scheme}://${o.host}${path}${query}`;
  }
  if (url === undefined || !URL.canParse(url)) return undefined;
  const req: ExplainInput = { method, url, headers: headersOf(o.headers) };
  const ip = o.ip ?? o.clientIp;
  if (typeof ip === "string") req.ip = ip;
  if (typeof o.country === "string") req.country = o.country;
  return req;
}

export function parseSample(text: string): Sample {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") && /"log"\s*:/.test(trimmed.slice(0, 200))) {
    try {
      const har = JSON.parse(text) as { log?: { entries?: Array<{ request?: Raw }> } };
      if (Array.isArray(har.log?.entries)) {
        const requests: ExplainInput[] = [];
        let skipped = 0;
        for (const e of har.log.entries) {
          const r = e.request && requestOf(e.request);
          if (r) requests.push(r);
          else skipped++;
        }
        return { requests, skipped };
      }
    } catch {
      // not one JSON document: NDJSON below
    }
  }
  const requests: ExplainInput[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = typeof o === "object" && o !== null ? requestOf(o as Raw) : undefined;
    if (r) requests.push(r);
    else skipped++;
  }
  return { requests, skipped };
}

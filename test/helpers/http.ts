import http from "node:http";
import type { Readable } from "node:stream";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json<T = any>(): T;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A Buffer is sent with Content-Length; a stream is sent chunked. */
  body?: Buffer | Readable;
  timeoutMs?: number;
}

/**
 * Sends a request with the path exactly as given (no WHATWG normalization, so `/a/../b`,
 * `//x`, `%2F` and absolute-form `http://other/x` reach the server as written).
 */
export function rawRequest(base: string | URL, path: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: Number(u.port),
        path,
        method: opts.method ?? "GET",
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString("utf8"),
            json: () => JSON.parse(body.toString("utf8")),
          });
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 20_000, () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on("error", reject);
    if (opts.body === undefined) req.end();
    else if (Buffer.isBuffer(opts.body)) req.end(opts.body);
    else (opts.body as Readable).pipe(req);
  });
}

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a recording origin received. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A loopback origin that records every request (headers and body) and answers as `respond` says
 * (default: 200 text naming the origin). `delayMs` holds each answer; `hang` never answers.
 */
export interface RecordingOrigin {
  readonly name: string;
  readonly url: string;
  seen: Seen[];
  delayMs: number;
  hang: boolean;
  respond: (s: Seen) => { status?: number; headers?: Record<string, string | string[]>; body?: string | Buffer };
  /** Streams the answer in `chunks` pieces, `intervalMs` apart, when set. */
  stream: { chunks: number; intervalMs: number } | undefined;
  /** Requests being answered now, and the most at once. */
  active: number;
  maxActive: number;
  close(): Promise<void>;
}

export async function startRecordingOrigin(name: string): Promise<RecordingOrigin> {
  const o: RecordingOrigin = {
    name,
    url: "",
    seen: [],
    delayMs: 0,
    hang: false,
    respond: () => ({}),
    stream: undefined,
    active: 0,
    maxActive: 0,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      o.seen.push(s);
      o.active++;
      o.maxActive = Math.max(o.maxActive, o.active);
      res.on("close", () => o.active--);
      if (o.hang) return;
      const answer = () => {
        const r = o.respond(s);
        res.writeHead(r.status ?? 200, { "content-type": "text/plain", ...r.headers });
        const body = r.body ?? `${name} ${s.method} ${s.url}`;
        const st = o.stream;
        if (st === undefined) return void res.end(body);
        let i = 0;
        const tick = () => {
          if (++i >= st.chunks) return void res.end(`${body}\n`);
          res.write(`chunk ${i}\n`);
          setTimeout(tick, st.intervalMs);
        };
        tick();
      };
      if (o.delayMs > 0) setTimeout(answer, o.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  (o as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  o.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return o;
}

/** Polls `cond` every 20 ms (bounded) until it holds. */
export async function eventually(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `n` tasks with at most `width` at once, in order of index. */
export async function inParallel<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  return out;
}

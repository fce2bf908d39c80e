import { gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOST, type PoolEdge, startPoolEdge } from "../pool/edge-harness.ts";
import { type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** The compress policy (route.compress) through the real worker in workerd; bodies compared byte for byte. */
let edge: PoolEdge;
let o: RecordingOrigin;
let v = 0;
// 200 KiB of mixed text, not trivially repetitive, with multi-byte characters.
const text = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `line ${i} ${(i * 7919) % 10007} héllo wörld ✓\n`).join(""),
  "utf8",
);

beforeAll(async () => {
  [edge, o] = await Promise.all([startPoolEdge(), startRecordingOrigin("o")]);
});
afterAll(async () => {
  await edge?.close();
  await o?.close();
});
beforeEach(() => {
  o.respond = () => ({ headers: { "content-type": "text/plain; charset=utf-8", etag: '"abc"' }, body: text });
});

async function load(compress: object, cache?: object) {
  await edge.load({
    version: `gz-${++v}`,
    pools: { p: { origins: [{ name: "o1", url: o.url }] } },
    virtualHosts: [
      {
        name: "c",
        domains: [HOST],
        routes: [
          { match: { path: { segmentPrefix: "/z" } }, action: { type: "forward", pool: "p" }, compress, cache },
          { match: { path: { segmentPrefix: "/plain" } }, action: { type: "forward", pool: "p" } },
        ],
      },
    ],
  });
}

describe("compress", () => {
  it("gzips and deflates byte-exactly when accepted; Vary and a weak ETag", async () => {
    await load({});
    const gz = await edge.get("/z/1", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gz.status).toBe(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toBe("Accept-Encoding");
    expect(gz.headers.etag).toBe('W/"abc"');
    expect(gz.body.length).toBeLessThan(text.length / 2);
    expect(gunzipSync(gz.body).equals(text)).toBe(true);
    const df = await edge.get("/z/2", { headers: { "accept-encoding": "deflate;q=0.5, gzip;q=0" } });
    expect(df.headers["content-encoding"]).toBe("deflate");
    expect(inflateSync(df.body).equals(text)).toBe(true);
  });

  it("sends identity when not accepted, for other types, small or already encoded bodies, HEAD and routes without it", async () => {
    await load({ minBytes: 1000 });
    // deflate: Cloudflare's front line (emulated by Miniflare) gzips text by itself for gzip clients,
    // so only a deflate-only client shows what this policy does.
    const none = await edge.get("/z/1");
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.headers.vary).toBe("Accept-Encoding");
    expect(none.body.equals(text)).toBe(true);
    const refused = await edge.get("/z/1", { headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body.equals(text)).toBe(true);
    const plain = await edge.get("/plain/1", { headers: { "accept-encoding": "deflate" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(text)).toBe(true);
    o.respond = () => ({ headers: { "content-type": "image/png" }, body: text });
    const png = await edge.get("/z/1", { headers: { "accept-encoding": "deflate" } });
    expect(png.headers["content-encoding"]).toBeUndefined();
    expect(png.body.equals(text)).toBe(true);
    o.respond = () => ({ headers: { "content-type": "text/plain", "content-length": "5" }, body: "short" });
    const small = await edge.get("/z/1", { headers: { "accept-encoding": "deflate" } });
    expect([small.headers["content-encoding"], small.text()]).toEqual([undefined, "short"]);
    o.respond = () => ({ headers: { "content-type": "text/plain" }, body: text });
    const head = await edge.get("/z/1", { method: "HEAD", headers: { "accept-encoding": "deflate" } });
    expect([head.status, head.headers["content-encoding"], head.body.length]).toEqual([200, undefined, 0]);
    o.respond = () => ({ headers: { "content-type": "text/plain", "cache-control": "no-transform" }, body: text });
    const nt = await edge.get("/z/1", { headers: { "accept-encoding": "deflate" } });
    expect(nt.headers["content-encoding"]).toBeUndefined();
  });

  it("never compresses a body the origin already encoded", async () => {
    await load({});
    const { gzipSync } = await import("node:zlib");
    const pre = gzipSync(text);
    o.respond = () => ({ headers: { "content-type": "text/plain", "content-encoding": "gzip" }, body: pre });
    const r = await edge.get("/z/1", { headers: { "accept-encoding": "gzip" } });
    expect(r.headers["content-encoding"]).toBe("gzip");
    // Exactly one layer of gzip: the origin's.
    expect(gunzipSync(r.body).equals(text)).toBe(true);
  });

  it("with the cache: one identity entry, each client gets its encoding", async () => {
    await load({}, {});
    const first = await edge.get("/z/c", { headers: { "accept-encoding": "gzip" } });
    expect(first.headers["x-cache"]).toBe("MISS");
    let hit = await edge.get("/z/c");
    for (let i = 0; i < 50 && hit.headers["x-cache"] !== "HIT"; i++) hit = await edge.get("/z/c");
    expect(hit.headers["x-cache"]).toBe("HIT");
    expect(hit.body.equals(text)).toBe(true);
    const gzHit = await edge.get("/z/c", { headers: { "accept-encoding": "gzip" } });
    expect([gzHit.headers["x-cache"], gzHit.headers["content-encoding"]]).toEqual(["HIT", "gzip"]);
    expect(gunzipSync(gzHit.body).equals(text)).toBe(true);
  });
});

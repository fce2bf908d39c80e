import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/http.ts";
import { HOST, type PoolEdge, startPoolEdge } from "../pool/edge-harness.ts";
import { type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/** The cache policy (route.cache) through the real worker in workerd, with Miniflare's Cache API. */
const TOKEN = "cache-test-admin-token-0123456789";
let edge: PoolEdge;
let o: RecordingOrigin;
let v = 0;
let n = 0;

beforeAll(async () => {
  [edge, o] = await Promise.all([startPoolEdge({ ADMIN_TOKEN: TOKEN }), startRecordingOrigin("o")]);
});
afterAll(async () => {
  await edge?.close();
  await o?.close();
});
beforeEach(() => Object.assign(o, { seen: [], respond: () => ({ headers: {}, body: `body ${++n}` }) }));

/** One route per entry: `/<name>/...` with the given cache config. */
async function load(routes: Record<string, object>) {
  await edge.load({
    version: `cache-${++v}`,
    pools: { p: { origins: [{ name: "o1", url: o.url }] } },
    virtualHosts: [
      {
        name: "c",
        domains: [HOST, "other.test"],
        routes: Object.entries(routes).map(([name, cache]) => ({
          match: { path: { segmentPrefix: `/${name}` } },
          action: { type: "forward", pool: "p" },
          cache,
        })),
      },
    ],
  });
}
const get = (path: string, headers: Record<string, string> = {}, method = "GET") => edge.get(path, { headers, method });
const purge = (body: object) =>
  rawRequest(edge.base, "/_edge/cache/purge", {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(body)),
  });

describe("cache", () => {
  it("MISS then HIT (origin asked once), HEAD served from the GET entry, Age and origin Cache-Control kept", async () => {
    await load({ a: { ttl: { "2xx": 60 } } });
    o.respond = () => ({ headers: { "cache-control": "public, max-age=30", etag: '"v1"' }, body: "hello" });
    const miss = await get("/a/x?b=2&a=1");
    expect([miss.status, miss.headers["x-cache"], miss.text()]).toEqual([200, "MISS", "hello"]);
    let hit = await get("/a/x?b=2&a=1");
    for (let i = 0; i < 50 && hit.headers["x-cache"] !== "HIT"; i++) hit = await get("/a/x?b=2&a=1"); // put runs in waitUntil
    expect([hit.status, hit.headers["x-cache"], hit.text()]).toEqual([200, "HIT", "hello"]);
    const asked = o.seen.length;
    expect(hit.headers["cache-control"]).toBe("public, max-age=30");
    expect(hit.headers.etag).toBe('"v1"');
    expect(Number(hit.headers.age)).toBeGreaterThanOrEqual(0);
    expect(hit.headers["x-edge-cached-at"]).toBeUndefined();
    // Query order does not matter (sorted in the key).
    expect((await get("/a/x?a=1&b=2")).headers["x-cache"]).toBe("HIT");
    const head = await get("/a/x?a=1&b=2", {}, "HEAD");
    expect([head.status, head.headers["x-cache"], head.body.length]).toEqual([200, "HIT", 0]);
    // Hits never reach the origin.
    expect(o.seen.length).toBe(asked);
  });

  it("varies the key by chosen query parameters, a header and the host", async () => {
    await load({ k: { key: { query: ["page"], headers: ["x-api-version"] } } });
    const warm = async (path: string, h: Record<string, string> = {}) => {
      let r = await get(path, h);
      for (let i = 0; i < 50 && r.headers["x-cache"] !== "HIT"; i++) r = await get(path, h);
      return r.text();
    };
    const b1 = await warm("/k/list?page=1&utm=x", { "x-api-version": "1" });
    // utm is not in the key: same entry.
    expect((await get("/k/list?page=1&utm=y", { "x-api-version": "1" })).text()).toBe(b1);
    // page is, and the header is.
    const p2 = await get("/k/list?page=2", { "x-api-version": "1" });
    expect(p2.headers["x-cache"]).toBe("MISS");
    const v2 = await get("/k/list?page=1", { "x-api-version": "2" });
    expect(v2.headers["x-cache"]).toBe("MISS");
    const otherHost = await edge.get("/k/list?page=1", { headers: { host: "other.test", "x-api-version": "1" } });
    expect(otherHost.headers["x-cache"]).toBe("MISS");
  });

  it("bypasses on a cookie, a header and Authorization; never stores Set-Cookie, private or no-store answers", async () => {
    await load({ b: { bypass: { cookies: ["session"], headers: ["x-preview"] } } });
    expect((await get("/b/1", { cookie: "a=1; session=abc" })).headers["x-cache"]).toBe("BYPASS");
    expect((await get("/b/1", { "x-preview": "1" })).headers["x-cache"]).toBe("BYPASS");
    expect((await get("/b/1", { authorization: "Bearer x" })).headers["x-cache"]).toBe("BYPASS");
    expect(o.seen.length).toBe(3);
    for (const [path, headers] of [
      ["/b/cookie", { "set-cookie": "id=1" }],
      ["/b/private", { "cache-control": "private, max-age=60" }],
      ["/b/nostore", { "cache-control": "no-store" }],
    ] as [string, Record<string, string>][]) {
      o.respond = () => ({ headers, body: "x" });
      for (let i = 0; i < 4; i++) expect((await get(path)).headers["x-cache"]).toBe("MISS");
      expect(o.seen.filter((s) => s.url === path).length).toBe(4);
    }
    // Statuses without a TTL (5xx by default) are not stored either.
    o.respond = () => ({ status: 503, body: "busy" });
    for (let i = 0; i < 3; i++) expect((await get("/b/err")).status).toBe(503);
    expect(o.seen.filter((s) => s.url === "/b/err").length).toBe(3);
  });

  it("caches private / Set-Cookie answers only when told", async () => {
    await load({ p: { cachePrivate: true, cacheSetCookie: true, originCacheControl: "override" } });
    o.respond = () => ({ headers: { "cache-control": "private, no-store", "set-cookie": "a=1" }, body: "mine" });
    let r = await get("/p/1");
    for (let i = 0; i < 50 && r.headers["x-cache"] !== "HIT"; i++) r = await get("/p/1");
    expect([r.headers["x-cache"], r.text(), r.headers["set-cookie"]]).toEqual(["HIT", "mine", ["a=1"]]);
  });

  it("purges by URL and by prefix through the admin API", async () => {
    await load({ g: {} });
    const warm = async (path: string) => {
      let r = await get(path);
      for (let i = 0; i < 50 && r.headers["x-cache"] !== "HIT"; i++) r = await get(path);
      expect(r.headers["x-cache"]).toBe("HIT");
    };
    for (const p of ["/g/a/1", "/g/a/2", "/g/b/1"]) await warm(p);
    const byUrl = await purge({ url: `https://${HOST}/g/a/1` });
    expect(byUrl.status).toBe(202);
    expect((await get("/g/a/1")).headers["x-cache"]).toBe("MISS");
    expect((await get("/g/a/2")).headers["x-cache"]).toBe("HIT");
    expect((await purge({ prefix: `${HOST}/g/a/` })).status).toBe(202);
    expect((await get("/g/a/2")).headers["x-cache"]).toBe("MISS");
    expect((await get("/g/b/1")).headers["x-cache"]).toBe("HIT");
    // The entry refilled after the purge is served again.
    await warm("/g/a/2");
    const bad = await purge({ url: "x", prefix: "y" });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe("CACHE_PURGE_INVALID");
    const unauth = await rawRequest(edge.base, "/_edge/cache/purge", { method: "POST", body: Buffer.from("{}") });
    expect(unauth.status).toBe(401);
  });

  it("leaves other methods alone", async () => {
    await load({ m: {} });
    const r = await get("/m/1", {}, "POST");
    expect(r.status).toBe(200);
    expect(r.headers["x-cache"]).toBeUndefined();
  });
});

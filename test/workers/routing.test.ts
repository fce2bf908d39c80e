import { beforeAll, describe, expect, inject, it } from "vitest";
import { load, originOf, send } from "./table-helpers.ts";

const o = inject("origins");
const pool = (name: string) => ({ origins: [{ name, url: o[name]! }] });
const versionFrom = [
  { type: "pathSegment", index: 1, prefix: "v", strip: true },
  { type: "header", name: "accept-version" },
  { type: "mediaType", vendor: "shop" },
];

const TABLE = {
  version: "routing-1",
  pools: {
    web: {
      origins: [
        { name: "web-a", url: o["web-a"]! },
        { name: "web-b", url: o["web-b"]! },
      ],
    },
    "only-b": pool("web-b"),
    canary: pool("canary"),
    "api-v1": pool("api-v1"),
    "api-v2": pool("api-v2"),
    "api-dated": pool("api-dated"),
  },
  virtualHosts: [
    { name: "admin", domains: ["admin.example"], routes: [{ action: { type: "forward", pool: "only-b" } }] },
    { name: "wild", domains: ["*.tenants.example"], routes: [{ action: { type: "forward", pool: "canary" } }] },
    {
      name: "shop",
      domains: ["shop.example"],
      routes: [
        {
          name: "gone",
          match: { path: { segmentPrefix: "/old" } },
          action: { type: "direct", status: 410, body: "gone\n" },
        },
        {
          name: "moved",
          match: { path: { segmentPrefix: "/blog" } },
          action: { type: "redirect", code: 308, prefixRewrite: "/news" },
        },
        {
          name: "to-https",
          match: { path: { exact: "/login" } },
          action: { type: "redirect", code: 301, scheme: "https", stripQuery: true },
        },
        {
          name: "dated",
          match: {
            path: { segmentPrefix: "/api" },
            apiVersion: { from: [{ type: "query", name: "api-version" }], range: ">=2024-01-01" },
          },
          action: { type: "forward", pool: "api-dated" },
        },
        {
          name: "v1",
          match: { path: { segmentPrefix: "/api" }, apiVersion: { from: versionFrom, range: "^1", default: "2" } },
          action: { type: "forward", pool: "api-v1" },
        },
        {
          name: "v2",
          match: { path: { segmentPrefix: "/api" }, apiVersion: { from: versionFrom, range: ">=2 <3", default: "2" } },
          action: { type: "forward", pool: "api-v2" },
        },
        {
          name: "api-other",
          match: { path: { segmentPrefix: "/api" } },
          action: { type: "direct", status: 404, body: "unknown API version\n" },
        },
        {
          name: "cookie",
          match: { cookies: [{ name: "canary", exact: "1" }] },
          action: { type: "forward", pool: "canary" },
        },
        {
          name: "header",
          match: { headers: [{ name: "x-beta", prefix: "yes" }] },
          action: { type: "forward", pool: "canary" },
        },
        {
          name: "query",
          match: { path: { exact: "/search" }, query: [{ name: "preview", exact: "true" }] },
          action: { type: "forward", pool: "canary" },
        },
        {
          name: "writes",
          match: { path: { template: "/users/{id}" }, methods: ["PUT", "DELETE"] },
          action: { type: "forward", pool: "only-b" },
        },
        { name: "rest", match: { path: { segmentPrefix: "/" } }, action: { type: "forward", pool: "web" } },
      ],
    },
  ],
};

beforeAll(async () => {
  await load(TABLE);
});

const echo = async (res: Response) => (await res.json()) as { origin: string; url: string; method: string };

describe("routing in workerd with real KV and real origins", () => {
  it("by host: exact virtual host and *.suffix wildcard", async () => {
    expect(await originOf(await send("/x", { host: "admin.example" }))).toBe("web-b");
    expect(await originOf(await send("/x", { host: "acme.tenants.example" }))).toBe("canary");
  });

  it("by path: the catch-all pool spreads over both origins", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await originOf(await send(`/page/${i}`)));
    expect([...seen].sort()).toEqual(["web-a", "web-b"]);
  });

  it("by header, cookie and query", async () => {
    expect(await originOf(await send("/p", { headers: { "x-beta": "yes-please" } }))).toBe("canary");
    expect(await originOf(await send("/p", { headers: { "x-beta": "no" } }))).toMatch(/^web-[ab]$/);
    expect(await originOf(await send("/p", { headers: { cookie: "a=1; canary=1; b=2" } }))).toBe("canary");
    expect(await originOf(await send("/p", { headers: { cookie: "canary=0" } }))).toMatch(/^web-[ab]$/);
    expect(await originOf(await send("/search?preview=true"))).toBe("canary");
    expect(await originOf(await send("/search?preview=false"))).toMatch(/^web-[ab]$/);
  });

  it("by method and URI template", async () => {
    expect(await originOf(await send("/users/42", { method: "PUT", body: "{}" }))).toBe("web-b");
    expect(await originOf(await send("/users/42/avatar", { method: "PUT", body: "{}" }))).toMatch(/^web-[ab]$/);
  });

  it("API version from a path segment (stripped before forwarding)", async () => {
    const v1 = await echo(await send("/api/v1/users?x=1"));
    expect([v1.origin, v1.url]).toEqual(["api-v1", "/api/users?x=1"]);
    const v2 = await echo(await send("/api/v2.3/users"));
    expect([v2.origin, v2.url]).toEqual(["api-v2", "/api/users"]);
  });

  it("API version from a header, a media type and a date-style query parameter", async () => {
    expect(await originOf(await send("/api/users", { headers: { "accept-version": "1.4" } }))).toBe("api-v1");
    expect(await originOf(await send("/api/users", { headers: { accept: "application/vnd.shop.v1+json" } }))).toBe(
      "api-v1",
    );
    expect(await originOf(await send("/api/users", { headers: { accept: "application/vnd.shop.v2+json" } }))).toBe(
      "api-v2",
    );
    expect(await originOf(await send("/api/users?api-version=2024-06-01"))).toBe("api-dated");
  });

  it("API version default when the request names none", async () => {
    expect(await originOf(await send("/api/users"))).toBe("api-v2");
  });

  it("an unsupported API version falls through to the next route (here a direct 404)", async () => {
    const res = await send("/api/v7/users");
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("unknown API version\n");
  });

  it("a host no virtual host serves -> 404 NO_ROUTE", async () => {
    const res = await send("/x", { host: "nobody.example" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NO_ROUTE");
  });

  it("direct response and redirects", async () => {
    const gone = await send("/old/thing");
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe("gone\n");
    const moved = await send("/blog/2024/post?a=1", { redirect: "manual" });
    expect(moved.status).toBe(308);
    expect(moved.headers.get("location")).toBe("http://shop.example/news/2024/post?a=1");
    const https = await send("/login?next=/x", { redirect: "manual" });
    expect(https.status).toBe(301);
    expect(https.headers.get("location")).toBe("https://shop.example/login");
  });
});

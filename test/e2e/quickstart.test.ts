import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

/**
 * The quick start's curl examples (README.md, "Quick start") against examples/routes.json, with the
 * demo origins on free ports instead of 9101-9104 so this can run next to a live `npm start`.
 */
let edge: Edge;
type Doc = { version: string; pools: Record<string, { origins: Array<{ name: string; url: string }> }> } & Record<
  string,
  unknown
>;

beforeAll(async () => {
  const doc = JSON.parse(readFileSync("examples/routes.json", "utf8")) as Doc;
  const names = [...new Set(Object.values(doc.pools).flatMap((p) => p.origins.map((o) => o.name)))];
  edge = await startEdge(names);
  for (const pool of Object.values(doc.pools)) for (const o of pool.origins) o.url = edge.origins[o.name]!.url;
  await edge.load(doc);
});
afterAll(() => edge?.close());

const originOf = async (path: string, headers: Record<string, string> = {}) =>
  (await rawRequest(edge.base, path, { headers })).json().origin;

describe("quick start examples", () => {
  it("/hello is balanced over web-a and web-b", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await originOf("/hello"));
    expect([...seen].sort()).toEqual(["web-a", "web-b"]);
  });

  it("API versions: path segment (stripped), header, media type, date, default", async () => {
    const v2 = (await rawRequest(edge.base, "/api/v2/users")).json();
    expect([v2.origin, v2.url]).toEqual(["api-v2", "/api/users"]);
    expect(await originOf("/api/users", { "accept-version": "1" })).toBe("api-v1");
    expect(await originOf("/api/users", { accept: "application/vnd.edge.v1+json" })).toBe("api-v1");
    expect(await originOf("/api/users?api-version=2023-06-01")).toBe("api-v1");
    expect(await originOf("/api/users?api-version=2024-06-01")).toBe("api-v2");
    expect(await originOf("/api/users")).toBe("api-v2");
  });

  it("cookie, header and query matches go to the canary (web-b)", async () => {
    expect(await originOf("/", { cookie: "canary=1" })).toBe("web-b");
    const res = await rawRequest(edge.base, "/", { headers: { "x-canary": "yes" } });
    expect(res.json().origin).toBe("web-b");
    expect(res.headers["x-served-by-route"]).toBe("canary-by-header");
    expect(await originOf("/search?preview=true")).toBe("web-b");
  });

  it("URI template route adds x-edge-route upstream", async () => {
    const echo = (await rawRequest(edge.base, "/users/42")).json();
    expect(echo.origin).toMatch(/^web-[ab]$/);
    expect(echo.headers["x-edge-route"]).toBe("user-profile");
  });

  it("direct responses, redirect, admin host, bad path, normalization", async () => {
    const gone = await rawRequest(edge.base, "/old/page");
    expect([gone.status, gone.text()]).toEqual([410, "This page is gone for good.\n"]);
    const maint = await rawRequest(edge.base, "/maintenance");
    expect([maint.status, maint.headers["retry-after"]]).toEqual([503, "120"]);
    const moved = await rawRequest(edge.base, "/blog/2024/hello");
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`${edge.base}/news/2024/hello`);
    const admin = await rawRequest(edge.base, "/", { headers: { host: "admin.localhost" } });
    expect([admin.status, admin.json().error]).toEqual([403, "the admin site is not exposed through the edge"]);
    const bad = await rawRequest(edge.base, "/nope/%2Fetc");
    expect([bad.status, bad.json().error.code]).toEqual([400, "BAD_PATH"]);
    expect((await rawRequest(edge.base, "/public/../old/x")).status).toBe(410);
  });

  it("policies: /private needs a JWT (401, then 200 with the minted token), /limited allows 3 per 10 s", async () => {
    const denied = await rawRequest(edge.base, "/private/hello");
    expect([denied.status, denied.json().error.code]).toEqual([401, "AUTH_REQUIRED"]);
    const token = execFileSync(process.execPath, ["scripts/mint-token.ts"], { encoding: "utf8" }).trim();
    const ok = await rawRequest(edge.base, "/private/hello", { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.json().headers["x-user"]).toBe("demo-user");
    expect(ok.json().headers.authorization).toBeUndefined();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await rawRequest(edge.base, "/limited")).status);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await rawRequest(edge.base, "/limited");
    expect(limited.json().error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("release: a 90/10 canary split sticky by x-user, forced by x-canary: always", async () => {
    const sides: string[] = [];
    for (let i = 0; i < 300; i++) sides.push(await originOf("/release/page", { "x-user": `user-${i}` }));
    const canary = sides.filter((o) => o === "web-b").length;
    expect(canary + sides.filter((o) => o === "web-a").length).toBe(300);
    // Binomial(300, 0.1): mean 30, sd 5.2 (and the cohort hash is fixed).
    expect(canary).toBeGreaterThan(12);
    expect(canary).toBeLessThan(50);
    expect(await originOf("/release/page", { "x-user": "user-7" })).toBe(sides[7]);
    expect(await originOf("/release/page", { "x-canary": "always" })).toBe("web-b");
  });

  it("cached route: x-cache MISS then HIT", async () => {
    const first = await rawRequest(edge.base, "/static/logo.svg?v=3");
    expect([first.status, first.headers["x-cache"]]).toEqual([200, "MISS"]);
    let again = await rawRequest(edge.base, "/static/logo.svg?v=3");
    for (let i = 0; i < 50 && again.headers["x-cache"] !== "HIT"; i++)
      again = await rawRequest(edge.base, "/static/logo.svg?v=3");
    expect(again.headers["x-cache"]).toBe("HIT");
    expect(again.json().origin).toBe(first.json().origin);
    expect(
      (await rawRequest(edge.base, "/static/logo.svg?v=3", { headers: { cookie: "session=1" } })).headers["x-cache"],
    ).toBe("BYPASS");
  });
});

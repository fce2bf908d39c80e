import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

let edge: Edge;

beforeAll(async () => {
  edge = await startEdge(["app", "evil"]);
  await edge.load({
    version: "safety-1",
    pools: { app: { origins: [{ name: "app", url: edge.origins.app!.url }] } },
    virtualHosts: [
      {
        name: "api",
        domains: ["api.example.com"],
        routes: [{ action: { type: "direct", status: 200, body: "api vhost\n" } }],
      },
      {
        name: "all",
        domains: ["*"],
        routes: [
          {
            name: "admin-guard",
            match: { path: { segmentPrefix: "/admin", caseSensitive: false } },
            action: { type: "direct", status: 403, body: "admin is private\n" },
          },
          { name: "app", action: { type: "forward", pool: "app" } },
        ],
      },
    ],
  });
});
afterAll(() => edge?.close());

describe("path normalization cannot bypass a /admin guard", () => {
  const attempts = [
    "/admin",
    "/public/../admin",
    "/public/%2e%2e/admin",
    "/public/./../admin/x",
    "/%61dmin",
    "/%61%64%6d%69%6e/users",
    "//admin",
    "///admin//users",
    "/admin/.",
    "/ADMIN",
    "/Admin/x",
    "/public\\..\\admin",
  ];
  for (const path of attempts) {
    it(`${path} is blocked`, async () => {
      const res = await rawRequest(edge.base, path);
      expect(res.status).toBe(403);
      expect(res.text()).toBe("admin is private\n");
    });
  }

  it("rejects encoded slashes and backslashes with 400 BAD_PATH by default", async () => {
    for (const path of ["/public/..%2fadmin", "/public%2F..%2Fadmin", "/x%5C..%5Cadmin"]) {
      const res = await rawRequest(edge.base, path);
      expect(res.status, path).toBe(400);
      expect(res.json().error.code).toBe("BAD_PATH");
      expect(res.json().error.requestId).toBe(res.headers["x-request-id"]);
    }
  });

  it("rejects path parameters (';') with 400 BAD_PATH by default: Java origins would drop them", async () => {
    for (const path of ["/admin;x=1", "/public/..;/admin", "/public/%2e%2e;/admin", "/Admin;jsessionid=1/users"]) {
      const res = await rawRequest(edge.base, path);
      expect(res.status, path).toBe(400);
      expect(res.json().error.code, path).toBe("BAD_PATH");
    }
  });

  it("forwards the normalized path (and untouched query) to the origin", async () => {
    const res = await rawRequest(edge.base, "/a/./b//c/../d/%7euser/caf%c3%a9?q=%2F..&x=1");
    expect(res.status).toBe(200);
    expect(res.json().url).toBe("/a/b/d/~user/caf%C3%A9?q=%2F..&x=1");
  });
});

describe("never an open proxy", () => {
  it("an absolute-form request URI naming another host still goes to the table's origin", async () => {
    const evil = edge.origins.evil!;
    const res = await rawRequest(edge.base, `http://127.0.0.1:${evil.port}/steal`, {
      headers: { host: `127.0.0.1:${evil.port}` },
    });
    expect(res.json().origin).toBe("app");
    expect(evil.requests).toBe(0);
  });

  it("Host and forwarding headers naming another host do not choose the fetch target", async () => {
    const evil = edge.origins.evil!;
    const res = await rawRequest(edge.base, "/steal", {
      headers: {
        host: `127.0.0.1:${evil.port}`,
        "x-forwarded-host": `127.0.0.1:${evil.port}`,
        "x-original-url": `http://127.0.0.1:${evil.port}/`,
        "x-rewrite-url": `http://127.0.0.1:${evil.port}/`,
      },
    });
    expect(res.json().origin).toBe("app");
    expect(res.json().headers.host).toBe(`127.0.0.1:${edge.origins.app!.port}`);
    expect(res.json().headers["x-original-url"]).toBeUndefined();
    expect(res.json().headers["x-rewrite-url"]).toBeUndefined();
    expect(evil.requests).toBe(0);
  });

  it("passes an origin's redirect to the client instead of following it", async () => {
    const evil = edge.origins.evil!;
    const target = `http://127.0.0.1:${evil.port}/followed`;
    const res = await rawRequest(edge.base, `/go?redirect=${encodeURIComponent(target)}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(target);
    expect(evil.requests).toBe(0);
  });
});

describe("virtual host selection", () => {
  it("a fully qualified Host with a trailing dot selects the same exact virtual host", async () => {
    for (const host of ["api.example.com", "api.example.com.", "API.Example.COM.", "api.example.com.:8080"]) {
      const res = await rawRequest(edge.base, "/x", { headers: { host } });
      expect(res.text(), host).toBe("api vhost\n");
    }
    expect((await rawRequest(edge.base, "/x", { headers: { host: "other.example." } })).json().origin).toBe("app");
  });
});

describe("path settings", () => {
  it("escapedSlashes=decode turns %2F into / before dots are resolved (guard still holds)", async () => {
    const edge2 = await startEdge(["app2"]);
    try {
      await edge2.load({
        version: "safety-decode",
        settings: { path: { escapedSlashes: "decode", mergeSlashes: false, semicolons: "keep" } },
        pools: { app: { origins: [{ name: "app2", url: edge2.origins.app2!.url }] } },
        virtualHosts: [
          {
            name: "all",
            domains: ["*"],
            routes: [
              { match: { path: { segmentPrefix: "/admin" } }, action: { type: "direct", status: 403, body: "no\n" } },
              { action: { type: "forward", pool: "app" } },
            ],
          },
        ],
      });
      expect((await rawRequest(edge2.base, "/public/..%2Fadmin")).status).toBe(403);
      expect((await rawRequest(edge2.base, "/public/..%5Cadmin")).status).toBe(403);
      // mergeSlashes=false: the empty segment is kept and forwarded as is.
      const kept = await rawRequest(edge2.base, "/files//a%2Fb");
      expect(kept.json().url).toBe("/files//a/b");
      // semicolons=keep: parameters pass through, but a dot segment with one never does.
      expect((await rawRequest(edge2.base, "/shop;jsessionid=1/x")).json().url).toBe("/shop;jsessionid=1/x");
      expect((await rawRequest(edge2.base, "/public/..;/admin")).json().error.code).toBe("BAD_PATH");
    } finally {
      await edge2.close();
    }
  });
});

import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withProbe } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";
import { HOST, type PoolEdge, startPoolEdge } from "../pool/edge-harness.ts";
import { deadUrl, startOrigins, type TestOrigin } from "../pool/origins.ts";
import { type EchoOrigin, startEchoOrigin } from "./echo-origin.ts";

/**
 * Regressions for the front-door defects of issue 10, each through the real worker in workerd
 * against real loopback origins.
 */
let edge: PoolEdge;
let echo: EchoOrigin;
let a: TestOrigin, b: TestOrigin;
let v = 0;

beforeAll(async () => {
  let o: TestOrigin[];
  [edge, echo, o] = await Promise.all([
    startPoolEdge({ ADMIN_TOKEN: "front-door-admin-token-0123456789" }),
    startEchoOrigin(),
    startOrigins(["a", "b"]),
  ]);
  [a, b] = o as [TestOrigin, TestOrigin];
});
afterAll(async () => {
  await edge?.close();
  await echo?.close();
  await Promise.all([a, b].map((x) => x?.close()));
});
beforeEach(() => {
  echo.seen = [];
  echo.status = 200;
  echo.requireLength = false;
  for (const x of [a, b]) Object.assign(x, { behave: "ok", hits: 0, bodies: [] });
});

type Route = { match: Record<string, unknown>; action: Record<string, unknown> };
function doc(routes: Route[], pools: Record<string, unknown>, settings: object = {}) {
  return {
    version: `fd-${++v}`,
    pools,
    settings: { debugHeaders: true, ...settings },
    virtualHosts: [{ name: "fd", domains: [HOST], routes }],
  };
}
const echoPool = () => ({ e: { origins: [{ name: "e", url: echo.url }] } });
const fwd = (extra: object = {}) => ({ type: "forward", pool: "e", ...extra });

describe("defect 1: a request the runtime refuses to send never counts against an origin", () => {
  // Miniflare's local entry drops the body (and its length) of a GET before the worker sees it, so
  // here the edge may forward it bodiless; what must hold everywhere: never a 5xx, never an ejection.
  // The 400 BAD_REQUEST_BODY path with real fetch is pinned in test/pool/client-caused.test.ts.
  it("a GET/HEAD with a body never gets a 5xx and never ejects an origin", async () => {
    await edge.load(
      doc([{ match: { path: { prefix: "/" } }, action: { type: "forward", pool: "p" } }], {
        p: {
          origins: [
            { name: "a", url: a.url },
            { name: "b", url: b.url },
          ],
          outlier: {
            consecutive5xx: 1,
            consecutiveConnectFailures: 1,
            baseEjectionMs: 600_000,
            maxEjectionMs: 600_000,
          },
        },
      }),
    );
    const ok = (s: number) => s === 200 || s === 400;
    for (let i = 0; i < 6; i++) {
      const plain = await edge.get("/x", { body: Buffer.from("payload") });
      expect(ok(plain.status), plain.text()).toBe(true);
      const chunked = await edge.get("/x", { method: "GET", body: Readable.from([Buffer.from("chunk")]) });
      expect(ok(chunked.status), chunked.text()).toBe(true);
      const head = await edge.get("/x", { method: "HEAD", body: Buffer.from("payload") });
      expect(ok(head.status)).toBe(true);
    }
    // Both origins still in rotation: nothing was ejected.
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(String((await edge.get("/x")).headers["x-edge-origin"]));
    expect(seen).toEqual(new Set(["p/a", "p/b"]));
  });
});

describe("defect 4: the admin prefix is reserved in every spelling", () => {
  it("no spelling of /_edge reaches an origin; each reaches the admin API", async () => {
    await edge.load(doc([{ match: { path: { prefix: "/" } }, action: fwd() }], echoPool()));
    const spellings = [
      "/_edge/status",
      "/%5Fedge/status",
      "/%5fedge/status",
      "//_edge/status",
      "///_edge/status",
      "/./_edge/status",
      "/x/../_edge/status",
      "/_edge/../_edge/status",
      "/%2e/_edge/status",
      "/%2E%2E/_edge/status",
      "/_edge;x=1/status",
      "/%5F%65dge/status",
      "/_edge%2Fstatus",
      "/_edge%2fstatus",
    ];
    for (const path of spellings) {
      const res = await edge.get(path);
      expect(res.status, path).toBe(401);
      expect(res.json().error.code, path).toBe("ADMIN_UNAUTHORIZED");
    }
    // With the token, the admin API serves the normalized path.
    const auth = { authorization: "Bearer front-door-admin-token-0123456789" };
    for (const path of ["/%5Fedge/status", "//_edge/status", "/_edge;x/status"]) {
      const res = await edge.get(path, { headers: auth });
      expect(res.status, path).toBe(200);
    }
    expect(echo.seen.map((s) => s.url)).toEqual([]);
  });
});

describe("defect 6: double-encoded escapes never reach an origin", () => {
  it("refuses %25-escapes of '.', '/' and '\\' with 400 BAD_PATH by default", async () => {
    await edge.load(doc([{ match: { path: { prefix: "/" } }, action: fwd() }], echoPool()));
    for (const path of ["/public/%252e%252e/admin", "/public/..%252Fadmin", "/p/%255Cx", "/p/%25%32%65%25%32%65/a"]) {
      const res = await edge.get(path);
      expect(res.status, path).toBe(400);
      expect(res.json().error.code).toBe("BAD_PATH");
    }
    expect(echo.seen).toEqual([]);
    expect((await edge.get("/p/100%25")).status).toBe(200);
  });
});

describe("defect 7: a WebSocket upgrade on a method other than GET", () => {
  // workerd hands the worker such a request already turned into a GET; what gives it away is the
  // message framing only another method has (Content-Length, even 0, or Transfer-Encoding). A
  // bodiless DELETE+Upgrade without any framing header is indistinguishable from a GET there.
  it("is refused with 400 at the edge, never sent to the origin as a GET", async () => {
    await edge.load(doc([{ match: { path: { prefix: "/" } }, action: fwd() }], echoPool()));
    const ws = {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    };
    const cases: [string, Buffer | undefined, Record<string, string>][] = [
      ["POST", Buffer.alloc(0), {}],
      ["POST", Buffer.from("x=1"), {}],
      ["PUT", Buffer.from("{}"), {}],
      ["PATCH", Buffer.alloc(0), {}],
      ["DELETE", undefined, { "content-length": "0" }],
      ["POST", undefined, { "transfer-encoding": "chunked" }],
    ];
    for (const [method, body, extra] of cases) {
      const res = await edge.get("/ws", { method, headers: { ...ws, ...extra }, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${res.text()}`).toBe(400);
      expect(res.json().error.code).toBe("BAD_UPGRADE_METHOD");
    }
    expect(echo.seen.map((s) => s.method)).toEqual([]);
  });
});

describe("defect 8: repeated Cookie header lines", () => {
  it("are matched as one cookie list", async () => {
    await edge.load(
      doc(
        [
          { match: { path: { prefix: "/" }, cookies: [{ name: "beta", exact: "yes" }] }, action: fwd() },
          { match: { path: { prefix: "/" } }, action: { type: "direct", status: 204 } },
        ],
        echoPool(),
      ),
    );
    // Two Cookie lines as an HTTP/2 client sends them reach the worker joined with ", " (Node's
    // HTTP/1 client here would join them with "; " itself, so the joined form is sent as it arrives).
    for (const cookie of ["session=abc, beta=yes", "beta=yes, session=abc", "a=1; b=2, beta=yes"]) {
      const res = await edge.get("/c", { headers: { cookie } });
      expect(res.status, cookie).toBe(200);
    }
    expect(echo.seen).toHaveLength(3);
  });
});

describe("defect 9: a request body keeps its Content-Length", () => {
  it("when buffered for retries, and when streamed once", async () => {
    await edge.load(
      doc(
        [
          { match: { path: { prefix: "/retry" } }, action: fwd({ retry: { attempts: 3, idempotentOnly: false } }) },
          { match: { path: { prefix: "/once" } }, action: fwd({ retry: { attempts: 1 } }) },
          { match: { path: { prefix: "/big" } }, action: fwd({ retry: { attempts: 2, bufferBodyBytes: 16 } }) },
          // First origin refuses connections: every request is retried on the echo origin.
          { match: { path: { prefix: "/failover" } }, action: { type: "forward", pool: "f", retry: { attempts: 2 } } },
        ],
        {
          ...echoPool(),
          f: {
            balance: { policy: "first" },
            origins: [
              { name: "dead", url: await deadUrl() },
              { name: "e", url: echo.url },
            ],
          },
        },
      ),
    );
    echo.requireLength = true;
    const body = Buffer.alloc(1000, 97);
    for (const [method, path] of [
      ["PUT", "/retry"],
      ["POST", "/retry"],
      ["POST", "/once"],
      ["PUT", "/once"],
      ["PUT", "/big"],
      ["PUT", "/failover"],
    ] as const) {
      echo.seen = [];
      const res = await edge.get(path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(200);
      const seen = echo.seen[0]!;
      expect(seen.headers["content-length"], `${method} ${path}`).toBe("1000");
      expect(seen.headers["transfer-encoding"], `${method} ${path}`).toBeUndefined();
      expect(seen.bodyBytes).toBe(1000);
    }
  });
});

describe("defect 5: what the admin API stores is what the worker serves", () => {
  it("a document with a UTF-8 BOM is accepted by PUT and then loaded by the worker", async () => {
    const d = withProbe(doc([{ match: { path: { prefix: "/" } }, action: fwd() }], echoPool()));
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(d))]);
    const auth = { authorization: "Bearer front-door-admin-token-0123456789", "content-type": "application/json" };
    const put = await rawRequest(edge.base, "/_edge/config", { method: "PUT", headers: auth, body });
    expect(put.status, put.text()).toBe(200);
    expect(put.json().changed).toBe(true);
    const deadline = Date.now() + 10_000;
    let seen = "";
    while (Date.now() < deadline) {
      seen = (await rawRequest(edge.base, "/", { headers: { host: "edge-probe.test" } })).text();
      if (seen === d.version) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen).toBe(d.version);
  });
});

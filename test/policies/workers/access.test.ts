import { beforeAll, describe, expect, it } from "vitest";
import { control, echoed, expectRefusal, guardedPool, load, send } from "./helpers.ts";

const HOST = "access.test";
const to = (path: string, policies: string[], extra: Record<string, unknown> = {}) => ({
  name: path.slice(1),
  match: { path: { segmentPrefix: path } },
  policies,
  action: { type: "forward", pool: "guarded" },
  ...extra,
});
const get = (path: string, init: RequestInit = {}) => send(path, { host: HOST, ...init });
const from = (ip: string, extra: Record<string, string> = {}) => ({ headers: { "cf-connecting-ip": ip, ...extra } });

beforeAll(async () => {
  await load({
    version: "policies-access-1",
    pools: { guarded: guardedPool(), control: { origins: [{ name: "control", url: control() }] } },
    policies: {
      secure: { type: "responseHeaders", secureHeaders: { hsts: { maxAgeSeconds: 600 } } },
      office: { type: "ipFilter", allow: ["10.0.0.0/8", "2001:db8::/32"], deny: ["10.66.0.0/16", "2001:db8:bad::/48"] },
      geo: { type: "ipFilter", denyCountries: ["KP", "XX"] },
      eu: { type: "ipFilter", allowCountries: ["DE", "FR"] },
      cors: {
        type: "cors",
        origins: ["https://app.example", "https://*.tenants.example", { regex: "https://review-[0-9]+\\.example" }],
        methods: ["GET", "POST"],
        allowHeaders: ["content-type", "authorization"],
        exposeHeaders: ["x-request-id"],
        credentials: true,
        maxAgeSeconds: 600,
      },
      corsfwd: { type: "cors", origins: ["*"], forwardPreflight: true },
      limits: {
        type: "requestLimits",
        maxBodyBytes: 1024,
        methods: ["GET", "POST"],
        maxUrlBytes: 200,
        maxHeaderBytes: 2048,
      },
    },
    virtualHosts: [
      {
        name: "access",
        domains: [HOST],
        policies: ["secure"],
        routes: [
          to("/office", ["office"]),
          to("/geo", ["geo"]),
          to("/eu", ["eu"]),
          to("/cors", ["cors"]),
          to("/corsfwd", ["corsfwd"]),
          to("/limits", ["limits"]),
          { name: "ident", match: { path: { exact: "/ident" } }, action: { type: "forward", pool: "control" } },
          {
            name: "ident-raw",
            match: { path: { exact: "/ident-raw" } },
            skipPolicies: ["secure"],
            action: { type: "forward", pool: "control" },
          },
          { name: "plain", skipPolicies: ["secure"], action: { type: "forward", pool: "guarded" } },
        ],
      },
    ],
  });
});

describe("IP and country filters", () => {
  it("allowed IPv4 and IPv6 addresses pass", async () => {
    expect((await get("/office", from("10.1.2.3"))).status).toBe(200);
    expect((await get("/office", from("2001:db8:1::7"))).status).toBe(200);
  });

  it("denied CIDR (v4 and v6) and addresses outside the allow list: 403 FORBIDDEN", async () => {
    for (const ip of ["10.66.1.1", "2001:db8:bad::1", "192.0.2.1", "2001:dead::1"]) {
      const e = await expectRefusal(await get("/office", from(ip)), 403, "FORBIDDEN");
      expect(e.message).toContain(ip);
    }
  });

  it("no client address: refused", async () => {
    await expectRefusal(await get("/office"), 403, "FORBIDDEN");
  });

  it("denied country (x-edge-country, trusted only with EDGE_TRUST_COUNTRY_HEADER=1)", async () => {
    await expectRefusal(await get("/geo", from("192.0.2.1", { "x-edge-country": "KP" })), 403, "FORBIDDEN");
    expect((await get("/geo", from("192.0.2.1", { "x-edge-country": "DE" }))).status).toBe(200);
    expect((await get("/eu", from("192.0.2.1", { "x-edge-country": "FR" }))).status).toBe(200);
    await expectRefusal(await get("/eu", from("192.0.2.1", { "x-edge-country": "US" })), 403, "FORBIDDEN");
    await expectRefusal(await get("/eu", from("192.0.2.1")), 403, "FORBIDDEN");
  });
});

describe("CORS", () => {
  const preflight = (origin: string, method = "POST", headers = "content-type") =>
    get("/cors/x", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
    });

  it("preflight allowed: 204 at the edge with the CORS headers (never forwarded)", async () => {
    for (const origin of ["https://app.example", "https://a.tenants.example", "https://review-42.example"]) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-methods")).toBe("GET,POST");
      expect(res.headers.get("access-control-allow-headers")).toBe("content-type,authorization");
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-max-age")).toBe("600");
      expect(await res.text()).toBe("");
    }
  });

  it("preflight refused: origin, method or header not allowed → 403 CORS_REFUSED", async () => {
    for (const origin of ["https://evil.example", "https://tenants.example", "https://review-x.example"])
      await expectRefusal(await preflight(origin), 403, "CORS_REFUSED");
    await expectRefusal(await preflight("https://app.example", "DELETE"), 403, "CORS_REFUSED");
    await expectRefusal(await preflight("https://app.example", "POST", "x-secret"), 403, "CORS_REFUSED");
  });

  it("simple request: allowed origin gets the headers, others none (the origin still answers)", async () => {
    const ok = await get("/cors/x", { headers: { origin: "https://app.example" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("access-control-expose-headers")).toBe("x-request-id");
    expect(ok.headers.get("vary")).toMatch(/origin/i);
    expect((await echoed(ok)).origin).toBe("guarded");
    const other = await get("/cors/x", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("forwardPreflight sends the preflight to the origin", async () => {
    const res = await get("/corsfwd", {
      method: "OPTIONS",
      headers: { origin: "https://x.example", "access-control-request-method": "PUT" },
    });
    expect((await echoed(res)).origin).toBe("guarded");
  });
});

describe("request limits", () => {
  it("disallowed method: 405 with Allow", async () => {
    const res = await get("/limits", { method: "DELETE" });
    await expectRefusal(res, 405, "METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toBe("GET, POST");
  });

  it("oversized body with Content-Length: 413", async () => {
    await expectRefusal(await get("/limits", { method: "POST", body: "x".repeat(1025) }), 413, "PAYLOAD_TOO_LARGE");
    expect((await get("/limits", { method: "POST", body: "x".repeat(1024) })).status).toBe(200);
  });

  it("oversized chunked body: 413, counted while streaming", async () => {
    const chunked = (n: number, size: number) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < n; i++) c.enqueue(new Uint8Array(size).fill(97));
          c.close();
        },
      });
    await expectRefusal(await get("/limits", { method: "POST", body: chunked(5, 300) }), 413, "PAYLOAD_TOO_LARGE");
    const ok = await echoed(await get("/limits", { method: "POST", body: chunked(3, 300) }));
    expect((ok as unknown as { bodyBytes: number }).bodyBytes).toBe(900);
  });

  it("URL too long: 414; headers too large: 431", async () => {
    await expectRefusal(await get(`/limits?q=${"a".repeat(200)}`), 414, "URI_TOO_LONG");
    await expectRefusal(await get("/limits", { headers: { "x-big": "b".repeat(2100) } }), 431, "HEADERS_TOO_LARGE");
  });
});

describe("response headers", () => {
  it("secure headers on every route of the virtual host, also on refusals; server headers removed", async () => {
    const res = await get("/limits");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=600; includeSubDomains");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const refused = await get("/limits", { method: "DELETE" });
    expect(refused.headers.get("x-frame-options")).toBe("DENY");
  });

  it("server-identifying origin headers are removed", async () => {
    const raw = await get("/ident-raw");
    expect(raw.headers.get("x-powered-by")).toBe("Express");
    const res = await get("/ident");
    expect(await res.text()).toBe("ident");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("server")).toBeNull();
  });

  it("a route can opt out of its virtual host's policy (skipPolicies)", async () => {
    const res = await get("/plain");
    expect(res.status).toBe(200);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

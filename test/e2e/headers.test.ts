import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

let edge: Edge;
const table = (
  forwardedHeaders: "replace" | "append",
  version: string,
  requestIdInResponse = false,
  traceContext: "pass" | "hop" = "pass",
) => ({
  version,
  settings: { forwardedHeaders, requestIdInResponse, traceContext },
  pools: { o: { origins: [{ name: "o", url: edge.origins.o!.url }] } },
  virtualHosts: [
    {
      name: "all",
      domains: ["*"],
      routes: [
        {
          match: { path: { segmentPrefix: "/mut" } },
          action: {
            type: "forward",
            pool: "o",
            requestHeaders: { set: { "x-route": "mut" }, remove: ["x-drop-me"] },
            responseHeaders: { add: { "x-resp": "added" }, remove: ["x-origin"] },
          },
        },
        { action: { type: "forward", pool: "o" } },
      ],
    },
  ],
});

beforeAll(async () => {
  edge = await startEdge(["o"]);
  await edge.load(table("replace", "h-replace"));
});
afterAll(() => edge?.close());

describe("hop-by-hop headers", () => {
  it("strips request hop-by-hop headers and every header named in Connection", async () => {
    const echo = (
      await rawRequest(edge.base, "/h", {
        headers: {
          connection: "keep-alive, X-Secret, x-other",
          "x-secret": "1",
          "x-other": "2",
          "keep-alive": "timeout=5",
          "proxy-authorization": "Basic Zm9vOmJhcg==",
          te: "trailers",
          "x-kept": "yes",
        },
      })
    ).json();
    const h = echo.headers;
    for (const gone of ["x-secret", "x-other", "keep-alive", "proxy-authorization", "te", "proxy-connection"]) {
      expect(h, gone).not.toHaveProperty(gone);
    }
    expect(h["x-kept"]).toBe("yes");
  });

  it("client headers named like JavaScript object keys reach the origin as plain fields", async () => {
    // The hot path hands fetch a plain record: `__proto__` must be a field, not the prototype.
    const echo = (
      await rawRequest(edge.base, "/h", { headers: { ["__proto__"]: "p", constructor: "c", "x-kept": "yes" } })
    ).json();
    const raw: string[] = echo.rawHeaders;
    const received = (name: string) => raw.filter((_, i) => i % 2 === 0 && raw[i]?.toLowerCase() === name).length;
    const value = (name: string) => raw[raw.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === name) + 1];
    expect([received("__proto__"), value("__proto__")]).toEqual([1, "p"]);
    expect([received("constructor"), value("constructor")]).toEqual([1, "c"]);
    expect(value("x-kept")).toBe("yes");
  });

  it("a Connection item that is no header name is ignored, not a 500 (both header builders)", async () => {
    for (const path of ["/h", "/mut"]) {
      const res = await rawRequest(edge.base, path, {
        headers: { connection: "keep-alive, a=b; c=d, X-Secret", "x-secret": "1", "x-kept": "yes" },
      });
      expect(res.status, path).toBe(200);
      const h = res.json().headers;
      expect(h, path).not.toHaveProperty("x-secret");
      expect(h["x-kept"], path).toBe("yes");
    }
  });
  it("strips response hop-by-hop headers (incl. Connection-named) before the client sees them", async () => {
    const res = await rawRequest(edge.base, "/h?hop=1");
    expect(res.status).toBe(200);
    expect(res.headers).not.toHaveProperty("x-hop-secret");
    expect(res.headers).not.toHaveProperty("keep-alive");
    expect(res.headers).not.toHaveProperty("proxy-authenticate");
    expect(res.headers["x-origin"]).toBe("o");
  });

  it("strips Proxy-Connection from a response that needs no other edit", async () => {
    const res = await rawRequest(edge.base, "/h?hop=proxy");
    expect(res.status).toBe(200);
    expect(res.headers).not.toHaveProperty("proxy-connection");
    expect(res.headers["x-origin"]).toBe("o");
  });

  // A response the edge does not edit is passed as fetch returned it: this pins down that the
  // runtime's HTTP server drops these hop-by-hop headers itself (client-response.ts relies on it).
  it("never passes Keep-Alive or TE from an unedited response", async () => {
    const res = await rawRequest(edge.base, "/h?hop=runtime");
    expect(res.status, res.body.toString()).toBe(200);
    for (const gone of ["keep-alive", "te"]) expect(res.headers, gone).not.toHaveProperty(gone);
    expect(res.headers["x-origin"]).toBe("o");
  });
});

describe("forwarded headers", () => {
  // (No client X-Forwarded-Proto here: locally Miniflare's entry derives the request URL's scheme
  // from it, which Cloudflare's edge does not.)
  it("replaces client-supplied X-Forwarded-*, Forwarded and X-Real-IP and never forwards CF-*", async () => {
    const echo = (
      await rawRequest(edge.base, "/f", {
        headers: {
          host: "shop.example:8443",
          "cf-connecting-ip": "203.0.113.7",
          "cf-ray": "abc",
          "x-forwarded-for": "6.6.6.6",
          "x-forwarded-host": "evil.example",
          forwarded: "for=6.6.6.6",
          "x-real-ip": "6.6.6.6",
        },
      })
    ).json();
    const h = echo.headers;
    expect(h["x-forwarded-for"]).toBe("203.0.113.7");
    expect(h["x-forwarded-host"]).toBe("shop.example:8443");
    expect(h["x-forwarded-proto"]).toBe("http");
    expect(h.forwarded).toBe('for=203.0.113.7;host="shop.example:8443";proto=http');
    expect(h).not.toHaveProperty("x-real-ip");
    expect(h).not.toHaveProperty("cf-connecting-ip");
    expect(h).not.toHaveProperty("cf-ray");
    // The origin is addressed by its own host, never the client's.
    expect(h.host).toBe(`127.0.0.1:${edge.origins.o!.port}`);
  });

  it("quotes IPv6 client addresses in Forwarded", async () => {
    const h = (await rawRequest(edge.base, "/f", { headers: { "cf-connecting-ip": "2001:db8::1" } })).json().headers;
    expect(h["x-forwarded-for"]).toBe("2001:db8::1");
    expect(h.forwarded).toMatch(/^for="\[2001:db8::1\]";/);
  });

  it("appends to the client's chain when settings.forwardedHeaders is append", async () => {
    await edge.load(table("append", "h-append"));
    try {
      const h = (
        await rawRequest(edge.base, "/f", {
          headers: { "cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "10.0.0.1", forwarded: "for=10.0.0.1" },
        })
      ).json().headers;
      expect(h["x-forwarded-for"]).toBe("10.0.0.1, 203.0.113.7");
      expect(h.forwarded).toMatch(/^for=10\.0\.0\.1, for=203\.0\.113\.7;/);
    } finally {
      await edge.load(table("replace", "h-replace-2"));
    }
  });
});

describe("request id and trace context", () => {
  it("reuses a sane incoming x-request-id for the origin; proxied responses carry it only with requestIdInResponse", async () => {
    const res = await rawRequest(edge.base, "/r", { headers: { "x-request-id": "req-123_abc" } });
    expect(res.json().headers["x-request-id"]).toBe("req-123_abc");
    expect(res.headers).not.toHaveProperty("x-request-id");
    await edge.load(table("replace", "h-rid-echo", true));
    try {
      const echoed = await rawRequest(edge.base, "/r", { headers: { "x-request-id": "req-123_abc" } });
      expect(echoed.headers["x-request-id"]).toBe("req-123_abc");
      expect(echoed.json().headers["x-request-id"]).toBe("req-123_abc");
      // The echo and the hop-by-hop strip share one rebuild.
      const hop = await rawRequest(edge.base, "/h?hop=1");
      expect(hop.headers).not.toHaveProperty("x-hop-secret");
      expect(hop.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await edge.load(table("replace", "h-replace-3"));
    }
  });

  it("replaces an unsafe or oversized x-request-id with a generated one", async () => {
    for (const bad of ["has space", "x".repeat(129), "a\tb"]) {
      const res = await rawRequest(edge.base, "/r", { headers: { "x-request-id": bad } });
      const id = res.json().headers["x-request-id"] as string;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("passes the client's traceparent untouched and starts no trace by default", async () => {
    const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const h = (await rawRequest(edge.base, "/t", { headers: { traceparent: incoming, tracestate: "v=1" } })).json()
      .headers;
    expect(h.traceparent).toBe(incoming);
    expect(h.tracestate).toBe("v=1");
    expect((await rawRequest(edge.base, "/t")).json().headers).not.toHaveProperty("traceparent");
  });

  it("with traceContext hop: continues an incoming traceparent with a new parent id and starts one otherwise", async () => {
    await edge.load(table("replace", "h-trace-hop", false, "hop"));
    try {
      const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      const tp = (await rawRequest(edge.base, "/t", { headers: { traceparent: incoming } })).json().headers.traceparent;
      expect(tp).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(tp).not.toBe(incoming);
      const fresh = (await rawRequest(edge.base, "/t", { headers: { traceparent: "garbage" } })).json().headers
        .traceparent;
      expect(fresh).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(fresh).not.toContain("4bf92f3577b34da6a3ce929d0e0e4736");
      expect((await rawRequest(edge.base, "/t")).json().headers.traceparent).toMatch(
        /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/,
      );
    } finally {
      await edge.load(table("replace", "h-replace-4"));
    }
  });
});

describe("route header mutations", () => {
  it("applies requestHeaders and responseHeaders edits", async () => {
    const res = await rawRequest(edge.base, "/mut/x", { headers: { "x-drop-me": "1" } });
    const h = res.json().headers;
    expect(h["x-route"]).toBe("mut");
    expect(h).not.toHaveProperty("x-drop-me");
    expect(res.headers["x-resp"]).toBe("added");
    expect(res.headers).not.toHaveProperty("x-origin");
  });
});

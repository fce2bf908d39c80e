import { describe, expect, it } from "vitest";
import { stripHopByHop } from "../../../src/pipeline/action/hop-by-hop.ts";
import { buildUpstreamHeaders, isWebSocketUpgrade } from "../../../src/pipeline/action/upstream-headers.ts";
import { nextTraceparent, requestIdFrom } from "../../../src/pipeline/ingress/request-id.ts";
import { originUrl } from "../../../src/pipeline/upstream/fetch-origin.ts";

describe("stripHopByHop", () => {
  it("removes the RFC 9110 list and Connection-named headers but never Host/Content-*", () => {
    const h = new Headers({
      connection: "close, X-A, host, content-length",
      "x-a": "1",
      "keep-alive": "1",
      te: "trailers",
      trailer: "x",
      upgrade: "h2c",
      "proxy-connection": "keep-alive",
      "proxy-authorization": "Basic x",
      "content-length": "3",
      "x-b": "kept",
    });
    stripHopByHop(h);
    expect([...h.keys()].sort()).toEqual(["content-length", "x-b"]);
  });
});

describe("upstream headers", () => {
  const ctx = {
    requestId: "rid",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    client: { ip: "198.51.100.2", host: "a.example", proto: "https" },
    forwardedPolicy: "replace" as const,
    webSocket: false,
  };

  it("drops every cf-* header and Host, sets ids and forwarded headers", () => {
    const h = buildUpstreamHeaders(
      new Headers({ host: "evil", "cf-connecting-ip": "1.1.1.1", "cf-ipcountry": "X", "CF-Ray": "r", "x-keep": "1" }),
      ctx,
    );
    expect(h.has("host")).toBe(false);
    expect([...h.keys()].filter((k) => k.startsWith("cf-"))).toEqual([]);
    expect(h.get("x-request-id")).toBe("rid");
    expect(h.get("traceparent")).toBe(ctx.traceparent);
    expect(h.get("x-forwarded-for")).toBe("198.51.100.2");
    expect(h.get("forwarded")).toBe("for=198.51.100.2;host=a.example;proto=https");
    expect(h.get("x-keep")).toBe("1");
  });

  it("keeps Upgrade only for a WebSocket handshake", () => {
    const incoming = new Headers({ upgrade: "websocket", connection: "Upgrade" });
    expect(isWebSocketUpgrade("GET", incoming)).toBe(true);
    expect(isWebSocketUpgrade("POST", incoming)).toBe(false);
    expect(buildUpstreamHeaders(incoming, { ...ctx, webSocket: true }).get("upgrade")).toBe("websocket");
    expect(buildUpstreamHeaders(new Headers({ upgrade: "h2c" }), ctx).has("upgrade")).toBe(false);
  });

  it("writes 'unknown' when the client IP is not known", () => {
    const h = buildUpstreamHeaders(new Headers(), { ...ctx, client: { ip: "", host: "h", proto: "http" } });
    expect(h.get("x-forwarded-for")).toBe("unknown");
    expect(h.get("forwarded")).toBe("for=unknown;host=h;proto=http");
  });

  it("replace: client forwarding headers are discarded and set from what the edge saw", () => {
    const h = buildUpstreamHeaders(
      new Headers({
        "x-forwarded-for": "6.6.6.6",
        "x-forwarded-proto": "http",
        "x-forwarded-host": "evil",
        forwarded: "for=6.6.6.6",
      }),
      ctx,
    );
    expect(h.get("x-forwarded-for")).toBe("198.51.100.2");
    expect(h.get("x-forwarded-proto")).toBe("https");
    expect(h.get("x-forwarded-host")).toBe("a.example");
    expect(h.get("forwarded")).toBe("for=198.51.100.2;host=a.example;proto=https");
  });

  it("append: keeps the client's chains and appends the client IP (IPv6 quoted in Forwarded)", () => {
    const h = buildUpstreamHeaders(new Headers({ "x-forwarded-for": "10.0.0.1", forwarded: "for=10.0.0.1" }), {
      ...ctx,
      forwardedPolicy: "append",
      client: { ip: "2001:db8::1", host: "a.example:8443", proto: "https" },
    });
    expect(h.get("x-forwarded-for")).toBe("10.0.0.1, 2001:db8::1");
    expect(h.get("forwarded")).toBe('for=10.0.0.1, for="[2001:db8::1]";host="a.example:8443";proto=https');
  });

  it("drops client headers that origins trust for routing, method or client identity", () => {
    const dropped = [
      "x-real-ip",
      "x-forwarded-port",
      "x-forwarded-prefix",
      "x-original-url",
      "x-rewrite-url",
      "x-http-method-override",
      "x-http-method",
      "x-method-override",
    ];
    for (const policy of ["replace", "append"] as const) {
      const incoming = new Headers(Object.fromEntries(dropped.map((n) => [n, "/admin"])));
      incoming.set("x-keep", "1");
      const h = buildUpstreamHeaders(incoming, { ...ctx, forwardedPolicy: policy });
      expect(
        dropped.filter((n) => h.has(n)),
        policy,
      ).toEqual([]);
      expect(h.get("x-keep")).toBe("1");
    }
  });
});

describe("request id and traceparent", () => {
  it("reuses sane ids only", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "abc-123:x/y=" }))).toBe("abc-123:x/y=");
    expect(requestIdFrom(new Headers({ "x-request-id": "bad id" }))).not.toBe("bad id");
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects invalid traceparents (version ff, zero ids, extra fields on version 00, upper case)", () => {
    for (const bad of [
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
    ]) {
      expect(nextTraceparent(bad)).not.toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    expect(nextTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")).toContain(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
  });
});

describe("originUrl", () => {
  it("joins base path, forwarded path and query; the base decides scheme, host and port", () => {
    expect(originUrl("http://127.0.0.1:9101", "/a/b", "?q=1")).toBe("http://127.0.0.1:9101/a/b?q=1");
    expect(originUrl("https://o.example/base/", "/x", "")).toBe("https://o.example/base/x");
    expect(originUrl("https://o.example/base", "/", "")).toBe("https://o.example/base/");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildUpstreamHeaders,
  scanClientHeaders,
  type UpstreamHeaderContext,
  upstreamHeaderRecord,
} from "../../../src/pipeline/action/upstream-headers.ts";

/** Names that exercise every rule: hop-by-hop, Connection-named, cf-*, forwarding, ids, trace, plain. */
const NAMES = [
  "connection",
  "keep-alive",
  "te",
  "upgrade",
  "proxy-authorization",
  "transfer-encoding",
  "host",
  "cf-connecting-ip",
  "cf-ray",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-server",
  "forwarded",
  "x-real-ip",
  "x-http-method-override",
  "x-request-id",
  "traceparent",
  "content-length",
  "content-type",
  "cookie",
  "accept",
  "x-a",
  "x-b",
  // Object keys with meaning in JavaScript: a record must carry them as plain fields.
  "__proto__",
  "constructor",
  "tostring",
  "0",
];
const VALUES = ["1", "close", "keep-alive, x-a", "x-b, forwarded", "x-forwarded-for, host", "a=b; c=d", " v "];

const sorted = (h: Iterable<[string, string]>) => [...h].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe("upstreamHeaderRecord (the forward hot path) against buildUpstreamHeaders", () => {
  it("sends exactly the headers the Headers-object builder sends, for any client headers and settings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES)), { maxLength: 12 }),
        fc.constantFrom("replace", "append"),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("", "198.51.100.2", "2001:db8::1"),
        (pairs, policy, trace, webSocket, ip) => {
          const incoming = new Headers();
          for (const [n, v] of pairs) incoming.append(n, v);
          const ctx: UpstreamHeaderContext = {
            requestId: "rid",
            traceparent: trace ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : undefined,
            client: { ip, host: "a.example:8443", proto: "https" },
            forwardedPolicy: policy as UpstreamHeaderContext["forwardedPolicy"],
            webSocket,
          };
          const scan = scanClientHeaders(incoming);
          // What the forward action checks, noted in the same pass, equals what the runtime answers.
          expect([scan.upgrade, scan.contentLength, scan.transferEncoding, scan.connection]).toEqual([
            incoming.get("upgrade"),
            incoming.get("content-length"),
            incoming.has("transfer-encoding"),
            incoming.get("connection"),
          ]);
          // Compared as entries: Node's Headers(record) drops an own `__proto__` field (workerd's
          // does not; test/e2e/headers.test.ts sends one through the real worker).
          const fromRecord = Object.entries(upstreamHeaderRecord(scan, ctx));
          expect(sorted(fromRecord)).toEqual(sorted(buildUpstreamHeaders(incoming, ctx)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a client header named __proto__ is a field of the record, not its prototype", () => {
    const record = upstreamHeaderRecord(scanClientHeaders(new Headers([["__proto__", "x"]])), {
      requestId: "rid",
      traceparent: undefined,
      client: { ip: "", host: "a.example", proto: "https" },
      forwardedPolicy: "replace",
      webSocket: false,
    });
    expect(Object.hasOwn(record, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(record, "__proto__")?.value).toBe("x");
  });

  it("names each header once (fetch would otherwise send a field twice)", () => {
    const incoming = new Headers({ "x-request-id": "client", "x-forwarded-for": "1.1.1.1", forwarded: "for=x" });
    const record = upstreamHeaderRecord(scanClientHeaders(incoming), {
      requestId: "rid",
      traceparent: undefined,
      client: { ip: "198.51.100.2", host: "a.example", proto: "https" },
      forwardedPolicy: "replace",
      webSocket: false,
    });
    expect(record).toMatchObject({ "x-request-id": "rid", "x-forwarded-for": "198.51.100.2" });
    expect(Object.keys(record).filter((k) => k === "x-request-id")).toHaveLength(1);
  });
});

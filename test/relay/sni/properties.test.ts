/**
 * Property tests (fast-check) of the ClientHello scanner: ClientHellos built by an independent
 * encoder (any record fragmentation, extensions around server_name) yield their server name;
 * prefixes wait for more bytes; arbitrary and mutated bytes never throw, and never yield a name
 * that is not a DNS host name present in the bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HelloScan, scanClientHello } from "../../../src/relay/sni/index.ts";

const u16 = (n: number) => [n >> 8, n & 0xff];
const u24 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];
const vec16 = (b: number[]) => [...u16(b.length), ...b];

type Hello = {
  sessionId: Uint8Array;
  suites: number;
  before: { type: number; data: Uint8Array }[];
  after: { type: number; data: Uint8Array }[];
  name: string | undefined;
  fragments: number[];
};

/** RFC 8446 4.1.2 ClientHello in TLS records (RFC 8446 5.1), cut where `fragments` says. */
function encodeHello(h: Hello): Buffer {
  const ext = (type: number, data: number[]) => [...u16(type), ...vec16(data)];
  const exts: number[] = [];
  for (const e of h.before) exts.push(...ext(e.type, [...e.data]));
  if (h.name !== undefined) {
    const name = [...Buffer.from(h.name, "latin1")];
    exts.push(...ext(0, vec16([0, ...u16(name.length), ...name])));
  }
  for (const e of h.after) exts.push(...ext(e.type, [...e.data]));
  const body = [
    0x03,
    0x03,
    ...new Array(32).fill(7),
    h.sessionId.length,
    ...h.sessionId,
    ...vec16(new Array(h.suites * 2).fill(0x13)),
    1,
    0,
    ...vec16(exts),
  ];
  const msg = [0x01, ...u24(body.length), ...body];
  const records: number[] = [];
  let at = 0;
  for (const f of h.fragments) {
    if (at >= msg.length) break;
    const part = msg.slice(at, at + f);
    records.push(0x16, 0x03, 0x01, ...u16(part.length), ...part);
    at += part.length;
  }
  if (at < msg.length) {
    for (; at < msg.length; at += 16384) {
      const part = msg.slice(at, at + 16384);
      records.push(0x16, 0x03, 0x01, ...u16(part.length), ...part);
    }
  }
  return Buffer.from(records);
}

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join("."));
const otherExt = fc.record({
  type: fc.integer({ min: 1, max: 0xffff }),
  data: fc.uint8Array({ maxLength: 60 }),
});
const hello: fc.Arbitrary<Hello> = fc.record({
  sessionId: fc.uint8Array({ maxLength: 32 }),
  suites: fc.integer({ min: 1, max: 40 }),
  before: fc.array(otherExt, { maxLength: 4 }),
  after: fc.array(otherExt, { maxLength: 4 }),
  name: fc.option(hostName, { nil: undefined }),
  fragments: fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }),
});

const HOST = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

/** What every scan result must satisfy, valid input or not. */
function sane(buf: Buffer, r: HelloScan): void {
  if (!r.done) {
    expect(r.needBytes).toBeGreaterThan(buf.length); // progress: it waits for bytes it has not seen
    return;
  }
  if (r.reason !== "sni") {
    expect(r.serverName).toBeUndefined();
    return;
  }
  const name = r.serverName!;
  expect(name.length).toBeGreaterThan(0);
  expect(name.length).toBeLessThanOrEqual(253);
  expect(name).toMatch(HOST);
  // The name may span records: look for it in the record payloads joined.
  expect(payloads(buf).toString("latin1").toLowerCase()).toContain(name);
}

/** The record payloads one after another, as far as the record headers hold together. */
function payloads(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at + 5 <= buf.length; ) {
    const len = buf.readUInt16BE(at + 3);
    parts.push(buf.subarray(at + 5, Math.min(buf.length, at + 5 + len)));
    at += 5 + len;
  }
  return Buffer.concat(parts);
}

describe("ClientHello scanner properties", () => {
  it("finds the server name of every generated ClientHello, however it is cut into records", () => {
    fc.assert(
      fc.property(hello, (h) => {
        const buf = encodeHello(h);
        const r = scanClientHello(buf);
        expect(r).toEqual(
          h.name === undefined
            ? { done: true, serverName: undefined, reason: "no-sni" }
            : { done: true, serverName: h.name, reason: "sni" },
        );
      }),
      { numRuns: 500 },
    );
  });

  it("waits on every strict prefix, asking for no more bytes than the hello has", () => {
    fc.assert(
      fc.property(hello, fc.nat(), (h, cut) => {
        const buf = encodeHello(h);
        const n = cut % buf.length;
        const r = scanClientHello(buf.subarray(0, n));
        expect(r.done).toBe(false);
        if (!r.done) {
          expect(r.needBytes).toBeGreaterThan(n);
          expect(r.needBytes).toBeLessThanOrEqual(buf.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary bytes, and only yields names that are host names in the bytes", () => {
    const tlsLike = fc
      .uint8Array({ maxLength: 400 })
      .map((b) => Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), Buffer.from(b)]));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
          tlsLike,
        ),
        (buf) => {
          sane(buf, scanClientHello(buf));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never throws on mutated ClientHellos, and never yields a name that is not a host name", () => {
    const edit = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), del: fc.boolean() });
    fc.assert(
      fc.property(hello, fc.array(edit, { minLength: 1, maxLength: 4 }), (h, es) => {
        const bytes = [...encodeHello(h)];
        for (const e of es) {
          const at = e.at % bytes.length;
          if (e.del && bytes.length > 1) bytes.splice(at, 1);
          else bytes[at] = e.byte;
        }
        const buf = Buffer.from(bytes);
        sane(buf, scanClientHello(buf));
      }),
      { numRuns: 3000 },
    );
  });
});

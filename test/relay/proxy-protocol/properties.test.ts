/**
 * Property tests (fast-check) of the PROXY protocol decoder against an independent encoder and
 * validator (reference.ts): generated valid headers decode to what was encoded; arbitrary and
 * mutated bytes never throw anything but ProxyProtocolError, and the decoder accepts exactly the
 * headers the reference accepts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeProxyHeader, ProxyProtocolError } from "../../../src/relay/proxy-protocol/index.ts";
import { ipv4Text, type RefInfo, refDecodeV1, refDecodeV2, SIG, sameIPv6, v1Line, v2Header } from "./reference.ts";

const RUNS = { numRuns: 400 };

type Outcome =
  | { kind: "accept"; r: NonNullable<ReturnType<typeof decodeProxyHeader>> }
  | { kind: "refuse"; code: string }
  | { kind: "wait" };

/** Runs the decoder; anything thrown but a ProxyProtocolError fails the property. */
function outcome(bytes: Uint8Array): Outcome {
  try {
    const r = decodeProxyHeader(Buffer.from(bytes));
    return r ? { kind: "accept", r } : { kind: "wait" };
  } catch (e) {
    if (!(e instanceof ProxyProtocolError)) throw e;
    return { kind: "refuse", code: e.code };
  }
}

const v4 = fc.uint8Array({ minLength: 4, maxLength: 4 });
const v6 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const port = fc.integer({ min: 0, max: 65535 });
const tlv = fc.record({
  type: fc.integer({ min: 0, max: 255 }).filter((t) => t !== 0x03),
  value: fc.uint8Array({ maxLength: 40 }),
});

const v1Info: fc.Arbitrary<RefInfo> = fc.oneof(
  fc.record({
    command: fc.constant("PROXY" as const),
    family: fc.constant("TCP4" as const),
    src: v4,
    dst: v4,
    sport: port,
    dport: port,
    tlvs: fc.constant<RefInfo["tlvs"]>([]),
  }),
  fc.record({
    command: fc.constant("PROXY" as const),
    family: fc.constant("TCP6" as const),
    src: v6,
    dst: v6,
    sport: port,
    dport: port,
    tlvs: fc.constant<RefInfo["tlvs"]>([]),
  }),
  fc.constant<RefInfo>({
    command: "PROXY",
    family: "UNKNOWN",
    src: new Uint8Array(),
    dst: new Uint8Array(),
    sport: 0,
    dport: 0,
    tlvs: [],
  }),
);

const v2Info: fc.Arbitrary<RefInfo> = fc
  .record({
    command: fc.constantFrom("PROXY" as const, "LOCAL" as const),
    family: fc.constantFrom("TCP4" as const, "UDP4" as const, "TCP6" as const, "UDP6" as const, "UNKNOWN" as const),
    a: v6,
    b: v6,
    sport: port,
    dport: port,
    tlvs: fc.array(tlv, { maxLength: 4 }),
  })
  .map(({ a, b, ...r }) => {
    const n = r.family.endsWith("4") ? 4 : r.family === "UNKNOWN" ? 0 : 16;
    return { ...r, src: a.subarray(0, n), dst: b.subarray(0, n) };
  });

/** Byte edits: overwrite, delete or insert at a position (modulo the length). */
const edits = fc.array(
  fc.record({ kind: fc.constantFrom("set", "del", "ins"), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  { minLength: 1, maxLength: 3 },
);
function mutate(src: Uint8Array, es: { kind: string; at: number; byte: number }[]): Uint8Array {
  const b = [...src];
  for (const e of es) {
    const at = b.length === 0 ? 0 : e.at % (b.length + (e.kind === "ins" ? 1 : 0));
    if (e.kind === "set" && b.length > 0) b[at] = e.byte;
    else if (e.kind === "del" && b.length > 0) b.splice(at, 1);
    else if (e.kind === "ins") b.splice(at, 0, e.byte);
  }
  return Uint8Array.from(b);
}

function sameAsV1Reference(o: Outcome, ref: ReturnType<typeof refDecodeV1>): void {
  if (ref === "invalid") {
    expect(o.kind).not.toBe("accept");
    return;
  }
  expect(o.kind).toBe("accept");
  const { r } = o as Extract<Outcome, { kind: "accept" }>;
  expect(r.version).toBe(1);
  expect(r.length).toBe(ref.length);
  expect(r.info.family).toBe(ref.family);
  if (ref.family === "UNKNOWN") return;
  expect([r.info.sourcePort, r.info.destPort]).toEqual([ref.sport, ref.dport]);
  if (ref.family === "TCP4") expect([r.info.sourceAddress, r.info.destAddress]).toEqual([ref.src, ref.dst]);
  else expect(sameIPv6(r.info.sourceAddress, ref.src) && sameIPv6(r.info.destAddress, ref.dst)).toBe(true);
}

describe("PROXY protocol decoder properties", () => {
  it("never throws anything but ProxyProtocolError on arbitrary bytes", () => {
    const tail = fc.uint8Array({ maxLength: 300 });
    fc.assert(
      fc.property(
        fc.oneof(
          tail,
          tail.map((t) => Buffer.concat([Buffer.from("PROXY "), t])),
          tail.map((t) => Buffer.concat([SIG, t])),
        ),
        (bytes) => {
          outcome(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("decodes every valid v1 line to what was encoded, whatever follows it", () => {
    fc.assert(
      fc.property(v1Info, fc.uint8Array({ maxLength: 64 }), (info, after) => {
        const line = Buffer.from(v1Line(info), "latin1");
        const o = outcome(Buffer.concat([line, after]));
        expect(o.kind).toBe("accept");
        const { r } = o as Extract<Outcome, { kind: "accept" }>;
        expect(r.length).toBe(line.length);
        expect(r.info.family).toBe(info.family);
        if (info.family === "TCP4") {
          expect(r.info.sourceAddress).toBe(ipv4Text(info.src));
          expect(r.info.destAddress).toBe(ipv4Text(info.dst));
        }
        if (info.family !== "UNKNOWN") expect([r.info.sourcePort, r.info.destPort]).toEqual([info.sport, info.dport]);
        // Every strict prefix waits for more bytes (a header is never judged on half a line).
        for (const n of [1, 6, line.length - 1]) expect(outcome(line.subarray(0, n)).kind).toBe("wait");
      }),
      RUNS,
    );
  });

  it("accepts a mutated v1 line exactly when the reference validator does, with the same facts", () => {
    fc.assert(
      fc.property(v1Info, edits, (info, es) => {
        const bytes = mutate(Buffer.from(v1Line(info), "latin1"), es);
        sameAsV1Reference(outcome(bytes), refDecodeV1(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts UNKNOWN lines with any trailing text up to the 107-byte limit, and none longer", () => {
    const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
    // Lengths around the limit are drawn as often as short ones (fast-check favours short strings).
    const around = fc
      .integer({ min: 85, max: 100 })
      .chain((n) => fc.string({ unit: printable, minLength: n, maxLength: n }));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: printable, maxLength: 100 }), around), edits, (text, es) => {
        const line = Buffer.from(`PROXY UNKNOWN ${text}\r\n`, "latin1");
        sameAsV1Reference(outcome(line), refDecodeV1(line));
        const bytes = mutate(line, es);
        sameAsV1Reference(outcome(bytes), refDecodeV1(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("decodes every valid v2 header (with and without CRC32C) to what was encoded", () => {
    fc.assert(
      fc.property(v2Info, fc.boolean(), fc.uint8Array({ maxLength: 32 }), (info, crc, after) => {
        const h = v2Header(info, crc);
        const o = outcome(Buffer.concat([h, after]));
        expect(o.kind).toBe("accept");
        const { r } = o as Extract<Outcome, { kind: "accept" }>;
        expect(r.version).toBe(2);
        expect(r.length).toBe(h.length);
        expect(r.info.command).toBe(info.command);
        const tlvs = [...info.tlvs.map((t) => ({ type: t.type, value: Buffer.from(t.value) }))];
        if (crc) tlvs.push({ type: 0x03, value: h.subarray(h.length - 4) });
        expect(r.info.tlvs ?? []).toEqual(tlvs);
        if (info.command === "LOCAL") return;
        expect(r.info.family).toBe(info.family);
        if (info.family === "UNKNOWN") return;
        expect([r.info.sourcePort, r.info.destPort]).toEqual([info.sport, info.dport]);
        if (info.src.length === 4) expect(r.info.sourceAddress).toBe(ipv4Text(info.src));
        else expect(Buffer.from(info.src).equals(ipv6Bytes(r.info.sourceAddress))).toBe(true);
        expect(outcome(h.subarray(0, h.length - 1)).kind).toBe("wait");
      }),
      RUNS,
    );
  });

  it("accepts a mutated v2 header exactly when the reference validator does, with the same facts", () => {
    fc.assert(
      fc.property(v2Info, fc.boolean(), edits, (info, crc, es) => {
        const bytes = mutate(v2Header(info, crc), es);
        const o = outcome(bytes);
        const ref = refDecodeV2(bytes);
        if (typeof ref === "object") {
          expect(o.kind).toBe("accept");
          const { r } = o as Extract<Outcome, { kind: "accept" }>;
          expect(r.length).toBe(ref.length);
          expect(r.info.command).toBe(ref.command);
          expect((r.info.tlvs ?? []).map((t) => [t.type, Buffer.from(t.value).toString("hex")])).toEqual(
            ref.tlvs.map((t) => [t.type, Buffer.from(t.value).toString("hex")]),
          );
        } else if (ref === "invalid") expect(o.kind).toBe("refuse");
        else if (bytes.length >= 16) expect(o.kind).toBe("wait");
        else expect(o.kind).not.toBe("accept");
      }),
      { numRuns: 3000 },
    );
  });
});

/** IPv6 text -> 16 bytes through the WHATWG URL parser (independent of src/relay). */
function ipv6Bytes(text: string): Buffer {
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head, tail] = host.includes("::") ? host.split("::") : [host, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...new Array(8 - h.length - t.length).fill("0"), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

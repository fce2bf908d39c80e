import { describe, expect, it } from "vitest";
import {
  crc32c,
  decodeProxyHeader,
  encodeProxyV1,
  encodeProxyV2,
  PP2_TYPE_AUTHORITY,
  PP2_TYPE_CRC32C,
  PP2_TYPE_UNIQUE_ID,
  type ProxyAddressInfo,
  ProxyProtocolError,
} from "../../../src/relay/proxy-protocol/index.ts";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const tcp4: ProxyAddressInfo = {
  command: "PROXY",
  family: "TCP4",
  sourceAddress: "192.168.0.1",
  sourcePort: 56324,
  destAddress: "192.168.0.11",
  destPort: 443,
};

function codeOf(buf: Buffer): string | undefined {
  try {
    decodeProxyHeader(buf);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ProxyProtocolError);
    return (e as ProxyProtocolError).code;
  }
}

describe("CRC-32C", () => {
  it("matches the RFC 3720 B.4 test vectors", () => {
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from([...Array(32).keys()]))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });
});

describe("PROXY v1 encoding", () => {
  it("produces the spec's example line byte for byte", () => {
    expect(encodeProxyV1(tcp4).toString("latin1")).toBe("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
  });
  it("writes IPv6 in canonical compressed form", () => {
    const line = encodeProxyV1({
      ...tcp4,
      family: "TCP6",
      sourceAddress: "2001:DB8:0:0:0:0:0:1",
      destAddress: "0::1",
    }).toString();
    expect(line).toBe("PROXY TCP6 2001:db8::1 ::1 56324 443\r\n");
  });
  it("sends UNKNOWN for LOCAL and families v1 cannot express (UDP), drops TLVs, refuses bad addresses", () => {
    expect(encodeProxyV1({ ...tcp4, command: "LOCAL" }).toString()).toBe("PROXY UNKNOWN\r\n");
    expect(encodeProxyV1({ ...tcp4, family: "UDP4" }).toString()).toBe("PROXY UNKNOWN\r\n");
    expect(encodeProxyV1({ ...tcp4, tlvs: [{ type: 5, value: Buffer.from("x") }] })).toEqual(encodeProxyV1(tcp4));
    expect(() => encodeProxyV1({ ...tcp4, sourceAddress: "192.168.00.1" })).toThrow(/sourceAddress/);
    expect(() => encodeProxyV1({ ...tcp4, destPort: 70000 })).toThrow(/destPort/);
  });
  it("never exceeds the 107-byte worst case", () => {
    const max = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    const b = encodeProxyV1({
      ...tcp4,
      family: "TCP6",
      sourceAddress: max,
      destAddress: max,
      sourcePort: 65535,
      destPort: 65535,
    });
    expect(b.length).toBe(104);
  });
});

describe("PROXY v1 decoding", () => {
  it("decodes the spec example and reports its exact length", () => {
    const line = Buffer.from("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n");
    const r = decodeProxyHeader(line)!;
    expect(r.version).toBe(1);
    expect(r.length).toBe(47);
    expect(r.info).toEqual(tcp4);
  });
  it("accepts UNKNOWN with or without trailing fields", () => {
    expect(decodeProxyHeader(Buffer.from("PROXY UNKNOWN\r\n"))!.info.family).toBe("UNKNOWN");
    const long = Buffer.from("PROXY UNKNOWN ffff:f::f ffff:f::f 65535 65535\r\n");
    expect(decodeProxyHeader(long)!.length).toBe(long.length);
  });
  it("decodes TCP6 into canonical text", () => {
    const r = decodeProxyHeader(Buffer.from("PROXY TCP6 2001:DB8:0::1 ::ffff:10.0.0.1 1 65535\r\n"))!;
    expect(r.info).toMatchObject({
      family: "TCP6",
      sourceAddress: "2001:db8::1",
      destAddress: "::ffff:10.0.0.1",
      sourcePort: 1,
      destPort: 65535,
    });
  });
  it("accepts a 107-byte line (CRLF included, the spec's maximum) and refuses 108 bytes", () => {
    const line = (total: number) => Buffer.from(`PROXY UNKNOWN ${"x".repeat(total - 16)}\r\n`);
    expect(line(107).length).toBe(107);
    expect(decodeProxyHeader(line(107))!.length).toBe(107);
    expect(codeOf(line(108))).toBe("PROXY_TOO_LONG");
    // Also when the line arrives cut just before its CRLF (the reader retries with more bytes).
    expect(codeOf(line(108).subarray(0, 106))).toBe("PROXY_TOO_LONG");
    expect(decodeProxyHeader(line(107).subarray(0, 105))).toBeUndefined();
    expect(decodeProxyHeader(line(107).subarray(0, 106))).toBeUndefined();
  });
  it("waits for more bytes while the line is incomplete", () => {
    expect(decodeProxyHeader(Buffer.from("PRO"))).toBeUndefined();
    expect(decodeProxyHeader(Buffer.from("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r"))).toBeUndefined();
  });
  it.each([
    ["GET / HTTP/1.1\r\n", "PROXY_BAD_SIGNATURE"],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "PROXY_MALFORMED"], // bare LF
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", "PROXY_MALFORMED"], // bare CR
    ["PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", "PROXY_MALFORMED"], // double space
    ["PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n", "PROXY_MALFORMED"], // leading zero (octal confusion)
    ["PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "PROXY_MALFORMED"],
    ["PROXY TCP4 ::1 5.6.7.8 1 2\r\n", "PROXY_MALFORMED"], // family mismatch
    ["PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "PROXY_MALFORMED"],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", "PROXY_MALFORMED"],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", "PROXY_MALFORMED"],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "PROXY_MALFORMED"],
    ["PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", "PROXY_BAD_FAMILY"],
    ["PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \x01\r\n", "PROXY_MALFORMED"],
    [`PROXY UNKNOWN ${"x".repeat(100)}`, "PROXY_TOO_LONG"],
  ])("rejects %j with %s", (text, code) => {
    expect(codeOf(Buffer.from(text, "latin1"))).toBe(code);
  });
});

// A header captured from HAProxy's send-proxy-v2: TCP4 172.19.0.1:42578 -> 172.19.0.3:80, then "GET ".
const HAPROXY_V2 = hex("0d0a0d0a000d0a515549540a 21 11 000c ac130001 ac130003 a652 0050 47455420");

describe("PROXY v2 encoding", () => {
  it("reproduces a header captured from HAProxy byte for byte", () => {
    const info: ProxyAddressInfo = {
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "172.19.0.1",
      sourcePort: 42578,
      destAddress: "172.19.0.3",
      destPort: 80,
    };
    expect(encodeProxyV2(info)).toEqual(HAPROXY_V2.subarray(0, 28));
  });
  it("lays out TCP6 and UDP6 per the spec (36-byte address block)", () => {
    const b = encodeProxyV2({
      command: "PROXY",
      family: "UDP6",
      sourceAddress: "2001:db8::1",
      sourcePort: 53,
      destAddress: "::1",
      destPort: 5353,
    });
    expect(b).toEqual(
      hex(`0d0a0d0a000d0a515549540a 21 22 0024
           20010db8000000000000000000000001 00000000000000000000000000000001 0035 14e9`),
    );
  });
  it("sends LOCAL with family UNSPEC and no address", () => {
    expect(encodeProxyV2({ ...tcp4, command: "LOCAL" })).toEqual(hex("0d0a0d0a000d0a515549540a 20 00 0000"));
  });
  it("appends TLVs and fills in a CRC32C TLV over the whole header", () => {
    const b = encodeProxyV2({
      ...tcp4,
      tlvs: [
        { type: PP2_TYPE_AUTHORITY, value: Buffer.from("example.com") },
        { type: PP2_TYPE_CRC32C, value: Buffer.alloc(0) },
      ],
    });
    expect(b.readUInt16BE(14)).toBe(12 + 3 + 11 + 3 + 4);
    expect(b.subarray(28, 31)).toEqual(hex("02 000b"));
    expect(b.subarray(31, 42).toString()).toBe("example.com");
    expect(b.subarray(42, 45)).toEqual(hex("03 0004"));
    const zeroed = Buffer.from(b);
    zeroed.fill(0, 45, 49);
    expect(b.readUInt32BE(45)).toBe(crc32c(zeroed));
  });
});

describe("PROXY v2 decoding", () => {
  it("decodes the HAProxy capture and stops exactly at the header", () => {
    const r = decodeProxyHeader(HAPROXY_V2)!;
    expect(r).toEqual({
      version: 2,
      length: 28,
      info: {
        command: "PROXY",
        family: "TCP4",
        sourceAddress: "172.19.0.1",
        sourcePort: 42578,
        destAddress: "172.19.0.3",
        destPort: 80,
      },
    });
  });
  it("round-trips every family with TLVs, verifying the checksum", () => {
    const tlvs = [
      { type: PP2_TYPE_UNIQUE_ID, value: Buffer.from("abc") },
      { type: 0xe0, value: Buffer.alloc(0) },
      { type: PP2_TYPE_CRC32C, value: Buffer.alloc(4) },
    ];
    for (const info of [
      tcp4,
      { ...tcp4, family: "UDP4" as const },
      { ...tcp4, family: "TCP6" as const, sourceAddress: "fe80::1:2", destAddress: "2001:db8:1:2:3:4:5:6" },
      { ...tcp4, family: "UDP6" as const, sourceAddress: "::", destAddress: "::1" },
    ]) {
      const b = encodeProxyV2({ ...info, tlvs });
      const r = decodeProxyHeader(Buffer.concat([b, Buffer.from("payload")]))!;
      expect(r.length).toBe(b.length);
      expect(r.info.family).toBe(info.family);
      expect(r.info.sourceAddress).toBe(info.sourceAddress);
      expect(r.info.destAddress).toBe(info.destAddress);
      expect(r.info.tlvs!.map((t) => t.type)).toEqual([PP2_TYPE_UNIQUE_ID, 0xe0, PP2_TYPE_CRC32C]);
      expect(r.info.tlvs![0]!.value.toString()).toBe("abc");
    }
  });
  it("accepts LOCAL whatever address block it carries and skips it by length", () => {
    const b = hex("0d0a0d0a000d0a515549540a 20 11 000c 7f000001 7f000001 0001 0002 ff");
    expect(decodeProxyHeader(b)).toEqual({
      version: 2,
      length: 28,
      info: { command: "LOCAL", family: "UNKNOWN", sourceAddress: "", sourcePort: 0, destAddress: "", destPort: 0 },
    });
  });
  it("treats AF_UNIX as UNKNOWN after skipping its 216 bytes", () => {
    const b = Buffer.concat([hex("0d0a0d0a000d0a515549540a 21 31 00d8"), Buffer.alloc(216)]);
    expect(decodeProxyHeader(b)).toMatchObject({ length: 232, info: { family: "UNKNOWN" } });
  });
  it("waits for the whole header before deciding", () => {
    expect(decodeProxyHeader(HAPROXY_V2.subarray(0, 5))).toBeUndefined();
    expect(decodeProxyHeader(HAPROXY_V2.subarray(0, 27))).toBeUndefined();
  });

  const sig = "0d0a0d0a000d0a515549540a";
  const body4 = "7f000001 7f000002 1f90 0050";
  it.each([
    ["a wrong signature byte", `0d0a0d0a000d0a515549540b 21 11 000c ${body4}`, "PROXY_BAD_SIGNATURE"],
    ["version 1 in the binary format", `${sig} 11 11 000c ${body4}`, "PROXY_BAD_VERSION"],
    ["version 3", `${sig} 31 11 000c ${body4}`, "PROXY_BAD_VERSION"],
    ["command 2", `${sig} 22 11 000c ${body4}`, "PROXY_BAD_COMMAND"],
    ["family 4", `${sig} 21 41 000c ${body4}`, "PROXY_BAD_FAMILY"],
    ["transport 3", `${sig} 21 13 000c ${body4}`, "PROXY_BAD_FAMILY"],
    ["a length above the cap", `${sig} 21 11 ffff ${body4}`, "PROXY_TOO_LONG"],
    ["a truncated IPv4 address block", `${sig} 21 11 0008 7f000001 7f000002`, "PROXY_MALFORMED"],
    ["a truncated IPv6 address block", `${sig} 21 21 000c ${body4}`, "PROXY_MALFORMED"],
    ["a TLV longer than what remains", `${sig} 21 11 0011 ${body4} 05 0003 6162`, "PROXY_MALFORMED"],
    ["a TLV claiming 0xffff bytes", `${sig} 21 11 0010 ${body4} 05 ffff 61`, "PROXY_MALFORMED"],
    ["a stray byte after the last TLV", `${sig} 21 11 0011 ${body4} 05 0001 61 04`, "PROXY_MALFORMED"],
    ["a CRC32C TLV of the wrong size", `${sig} 21 11 0012 ${body4} 03 0003 000000`, "PROXY_MALFORMED"],
  ])("rejects %s", (_what, bytes, code) => {
    expect(codeOf(hex(bytes))).toBe(code);
  });
  it("rejects a header whose checksum does not match", () => {
    const b = encodeProxyV2({ ...tcp4, tlvs: [{ type: PP2_TYPE_CRC32C, value: Buffer.alloc(0) }] });
    expect(decodeProxyHeader(b)).toBeDefined();
    b[17]! ^= 0x01; // flip one bit of the source address
    expect(codeOf(b)).toBe("PROXY_BAD_CHECKSUM");
  });
});

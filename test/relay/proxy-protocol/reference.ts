/**
 * An independent PROXY protocol encoder and validator for the property tests, written from the
 * spec (HAProxy proxy-protocol.txt sections 2.1 and 2.2), sharing no code with src/relay.
 */
import net from "node:net";

export type RefInfo = {
  command: "PROXY" | "LOCAL";
  family: "TCP4" | "TCP6" | "UDP4" | "UDP6" | "UNKNOWN";
  src: Uint8Array; // 4 or 16 bytes, empty for UNKNOWN
  dst: Uint8Array;
  sport: number;
  dport: number;
  tlvs: { type: number; value: Uint8Array }[];
};

/** IPv6 text for bytes, every group written out (valid RFC 4291, never compressed). */
export function ipv6Text(b: Uint8Array): string {
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return g.join(":");
}
export const ipv4Text = (b: Uint8Array) => [...b].join(".");

/** Two IPv6 texts name the same address: compare the WHATWG URL serialization of both. */
export function sameIPv6(a: string, b: string): boolean {
  try {
    return new URL(`http://[${a}]/`).hostname === new URL(`http://[${b}]/`).hostname;
  } catch {
    return false;
  }
}

export function v1Line(info: RefInfo): string {
  if (info.family === "UNKNOWN") return "PROXY UNKNOWN\r\n";
  const fmt = info.family === "TCP4" ? ipv4Text : ipv6Text;
  return `PROXY ${info.family} ${fmt(info.src)} ${fmt(info.dst)} ${info.sport} ${info.dport}\r\n`;
}

const V4 = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;
const PORT = /^(?:0|[1-9]\d{0,4})$/;
const validV4 = (t: string) => V4.test(t) && t.split(".").every((o) => Number(o) <= 255);
const validV6 = (t: string) => !t.includes("%") && net.isIPv6(t);

/** What a v1 line says, or "invalid". Only complete lines (with their CRLF) are judged. */
export function refDecodeV1(
  buf: Uint8Array,
): { family: string; src: string; dst: string; sport: number; dport: number; length: number } | "invalid" {
  const text = Buffer.from(buf).toString("latin1");
  const end = text.indexOf("\r\n");
  if (!text.startsWith("PROXY ") || end < 0 || end + 2 > 107) return "invalid";
  const line = text.slice(0, end);
  if (!/^[\x20-\x7e]*$/.test(line)) return "invalid";
  if (/^PROXY UNKNOWN(?: .*)?$/.test(line))
    return { family: "UNKNOWN", src: "", dst: "", sport: 0, dport: 0, length: end + 2 };
  const m = /^PROXY (TCP4|TCP6) (\S+) (\S+) (\S+) (\S+)$/.exec(line);
  if (!m) return "invalid";
  const [, family, src, dst, sport, dport] = m as unknown as [string, string, string, string, string, string];
  const valid = family === "TCP4" ? validV4 : validV6;
  if (!valid(src) || !valid(dst)) return "invalid";
  if (!PORT.test(sport) || !PORT.test(dport) || Number(sport) > 65535 || Number(dport) > 65535) return "invalid";
  return { family, src, dst, sport: Number(sport), dport: Number(dport), length: end + 2 };
}

export const SIG = Uint8Array.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const FAMILY_BYTE = { UNKNOWN: 0x00, TCP4: 0x11, UDP4: 0x12, TCP6: 0x21, UDP6: 0x22 } as const;
const ADDR_LEN: Record<number, number> = { 0: 0, 17: 12, 18: 12, 33: 36, 34: 36, 49: 216, 50: 216 };

/** CRC-32C (Castagnoli), bit by bit. */
export function refCrc32c(b: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of b) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A v2 header; `withCrc` appends a PP2_TYPE_CRC32C TLV with the right checksum. */
export function v2Header(info: RefInfo, withCrc = false): Buffer {
  const fam = info.command === "LOCAL" ? 0x00 : FAMILY_BYTE[info.family];
  const addr: number[] = [];
  if (fam !== 0) {
    addr.push(...info.src, ...info.dst, info.sport >> 8, info.sport & 0xff, info.dport >> 8, info.dport & 0xff);
  }
  const tlvs: number[] = [];
  for (const t of info.tlvs) tlvs.push(t.type, t.value.length >> 8, t.value.length & 0xff, ...t.value);
  if (withCrc) tlvs.push(0x03, 0, 4, 0, 0, 0, 0);
  const len = addr.length + tlvs.length;
  const out = Buffer.from([
    ...SIG,
    0x20 | (info.command === "LOCAL" ? 0 : 1),
    fam,
    len >> 8,
    len & 0xff,
    ...addr,
    ...tlvs,
  ]);
  if (withCrc) out.writeUInt32BE(refCrc32c(out), out.length - 4);
  return out;
}

export type RefV2 = {
  command: "PROXY" | "LOCAL";
  famByte: number;
  length: number;
  addr: Uint8Array;
  tlvs: { type: number; value: Uint8Array }[];
};

/** What a complete v2 header says, "invalid", or "incomplete" (fewer bytes than it declares). */
export function refDecodeV2(buf: Uint8Array, cap = 4096): RefV2 | "invalid" | "incomplete" {
  if (buf.length < 16) return "incomplete";
  for (let i = 0; i < 12; i++) if (buf[i] !== SIG[i]) return "invalid";
  if (buf[12]! >> 4 !== 2) return "invalid";
  const cmd = buf[12]! & 0x0f;
  if (cmd > 1) return "invalid";
  const famByte = buf[13]!;
  const bodyLen = (buf[14]! << 8) | buf[15]!;
  if (16 + bodyLen > cap) return "invalid";
  const known = famByte in ADDR_LEN;
  if (cmd === 1 && !known) return "invalid";
  if (buf.length < 16 + bodyLen) return "incomplete";
  const addrLen = cmd === 0 ? Math.min(ADDR_LEN[famByte] ?? 0, bodyLen) : ADDR_LEN[famByte]!;
  if (addrLen > bodyLen) return "invalid";
  const end = 16 + bodyLen;
  const tlvs: { type: number; value: Uint8Array }[] = [];
  for (let at = 16 + addrLen; at < end; ) {
    if (end - at < 3) return "invalid";
    const len = (buf[at + 1]! << 8) | buf[at + 2]!;
    if (at + 3 + len > end) return "invalid";
    const value = buf.slice(at + 3, at + 3 + len);
    if (buf[at] === 0x03) {
      if (len !== 4) return "invalid";
      const copy = Uint8Array.from(buf.subarray(0, end));
      copy.fill(0, at + 3, at + 7);
      if (refCrc32c(copy) !== Buffer.from(value).readUInt32BE(0)) return "invalid";
    }
    tlvs.push({ type: buf[at]!, value });
    at += 3 + len;
  }
  return { command: cmd === 0 ? "LOCAL" : "PROXY", famByte, length: end, addr: buf.slice(16, 16 + addrLen), tlvs };
}

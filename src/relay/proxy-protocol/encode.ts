import { crc32c } from "./crc32c.ts";
import { ProxyProtocolError } from "./errors.ts";
import { formatIPv6, parseIPv4, parseIPv6 } from "./ip.ts";
import { PP2_TYPE_CRC32C, type ProxyAddressInfo, V2_SIGNATURE } from "./types.ts";

function invalid(message: string): never {
  throw new ProxyProtocolError("PROXY_INVALID_ARGUMENT", message);
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) invalid(`${name} ${port} is not a port (0-65535)`);
}

function addressBytes(family: "4" | "6", name: string, text: string): Buffer {
  const b = family === "4" ? parseIPv4(text) : parseIPv6(text);
  return b ?? invalid(`${name} "${text}" is not an IPv${family} address`);
}

/**
 * Text header (spec 2.1). v1 knows only TCP4/TCP6/UNKNOWN, has no LOCAL command and no TLVs:
 * LOCAL and every other family (UDP) are sent as "PROXY UNKNOWN\r\n", as the spec prescribes
 * for unsupported protocols, and TLVs are dropped. So relaying a v2 header received from a
 * front balancer to a v1 backend never fails.
 */
export function encodeProxyV1(info: ProxyAddressInfo): Buffer {
  if (info.command === "LOCAL" || (info.family !== "TCP4" && info.family !== "TCP6"))
    return Buffer.from("PROXY UNKNOWN\r\n", "latin1");
  checkPort("sourcePort", info.sourcePort);
  checkPort("destPort", info.destPort);
  const v = info.family === "TCP4" ? "4" : "6";
  const src = addressBytes(v, "sourceAddress", info.sourceAddress);
  const dst = addressBytes(v, "destAddress", info.destAddress);
  // Re-format so the line is canonical whatever text form the caller had (e.g. "0::1").
  const fmt = (b: Buffer) => (v === "4" ? `${b[0]}.${b[1]}.${b[2]}.${b[3]}` : formatIPv6(b));
  return Buffer.from(`PROXY ${info.family} ${fmt(src)} ${fmt(dst)} ${info.sourcePort} ${info.destPort}\r\n`, "latin1");
}

const FAMILY_BYTE = { UNKNOWN: 0x00, TCP4: 0x11, UDP4: 0x12, TCP6: 0x21, UDP6: 0x22 } as const;

/**
 * Binary header (spec 2.2). A LOCAL command carries no address (family UNSPEC, length 0 + TLVs).
 * If `tlvs` holds a PP2_TYPE_CRC32C entry, its value is computed here over the finished header.
 */
export function encodeProxyV2(info: ProxyAddressInfo): Buffer {
  const local = info.command === "LOCAL";
  if (!local && info.command !== "PROXY") invalid(`unknown command "${String(info.command)}"`);
  const fam = local ? 0x00 : FAMILY_BYTE[info.family];
  if (fam === undefined) invalid(`unknown family "${String(info.family)}"`);

  let addr: Buffer = Buffer.alloc(0);
  if (fam !== 0x00) {
    checkPort("sourcePort", info.sourcePort);
    checkPort("destPort", info.destPort);
    const v = fam >> 4 === 1 ? "4" : "6";
    const ports = Buffer.allocUnsafe(4);
    ports.writeUInt16BE(info.sourcePort, 0);
    ports.writeUInt16BE(info.destPort, 2);
    addr = Buffer.concat([
      addressBytes(v, "sourceAddress", info.sourceAddress),
      addressBytes(v, "destAddress", info.destAddress),
      ports,
    ]);
  }

  const tlvParts: Buffer[] = [];
  let crcAt = -1;
  let tlvLen = 0;
  for (const t of info.tlvs ?? []) {
    if (!Number.isInteger(t.type) || t.type < 0 || t.type > 255) invalid(`TLV type ${t.type} is not a byte`);
    const value = t.type === PP2_TYPE_CRC32C ? Buffer.alloc(4) : t.value;
    if (value.length > 65535) invalid(`TLV 0x${t.type.toString(16)} value is longer than 65535 bytes`);
    const head = Buffer.from([t.type, value.length >> 8, value.length & 0xff]);
    if (t.type === PP2_TYPE_CRC32C) crcAt = 16 + addr.length + tlvLen + 3;
    tlvParts.push(head, value);
    tlvLen += 3 + value.length;
  }
  const len = addr.length + tlvLen;
  if (len > 65535) invalid(`PROXY v2 header body of ${len} bytes exceeds 65535`);

  const fixed = Buffer.allocUnsafe(16);
  V2_SIGNATURE.copy(fixed, 0);
  fixed[12] = 0x20 | (local ? 0x0 : 0x1);
  fixed[13] = fam;
  fixed.writeUInt16BE(len, 14);
  const out = Buffer.concat([fixed, addr, ...tlvParts], 16 + len);
  // The checksum covers the whole header with its own field zeroed (spec 2.2.3), which it is now.
  if (crcAt >= 0) out.writeUInt32BE(crc32c(out), crcAt);
  return out;
}

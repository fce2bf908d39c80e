import { crc32c } from "./crc32c.ts";
import { type ProxyErrorCode, ProxyProtocolError } from "./errors.ts";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "./ip.ts";
import {
  type ParsedProxyHeader,
  PP2_TYPE_CRC32C,
  type ProxyAddressInfo,
  V1_MAX_LENGTH,
  V1_PREFIX,
  V2_MAX_LENGTH,
  V2_SIGNATURE,
} from "./types.ts";

const fail = (code: ProxyErrorCode, message: string): never => {
  throw new ProxyProtocolError(code, message);
};

/** True if `buf` is a prefix of `sig` or starts with it. */
function matchesPrefix(buf: Buffer, sig: Buffer): boolean {
  const n = Math.min(buf.length, sig.length);
  return buf.compare(sig, 0, n, 0, n) === 0;
}

/**
 * Decodes a PROXY header at the start of `buf`. Returns undefined while more bytes are needed;
 * throws ProxyProtocolError as soon as the bytes seen cannot become a valid header (so a
 * non-PROXY client is refused on its first segment, not after the timeout).
 */
export function decodeProxyHeader(buf: Buffer): ParsedProxyHeader | undefined {
  if (buf.length === 0) return undefined;
  if (matchesPrefix(buf, V2_SIGNATURE)) return buf.length < 16 ? checkV2Start(buf) : decodeV2(buf);
  if (matchesPrefix(buf, V1_PREFIX)) return decodeV1(buf);
  return fail("PROXY_BAD_SIGNATURE", "connection does not start with a PROXY protocol v1 or v2 header");
}

function checkV2Start(buf: Buffer): undefined {
  if (buf.length > 12 && buf[12]! >> 4 !== 2) fail("PROXY_BAD_VERSION", `PROXY v2 version ${buf[12]! >> 4} is not 2`);
  return undefined;
}

const PORT = /^(?:0|[1-9]\d{0,4})$/;

function decodeV1(buf: Buffer): ParsedProxyHeader | undefined {
  // The CR of the longest legal line is its byte V1_MAX_LENGTH - 2 (index 105): a CR any later
  // would make the line, CRLF included, longer than the spec's 107 bytes.
  const scan = Math.min(buf.length, V1_MAX_LENGTH - 1);
  let end = -1;
  for (let i = 0; i < scan; i++) {
    const c = buf[i]!;
    if (c === 0x0d) {
      if (i + 1 >= buf.length) return undefined; // CR at the edge: wait for its LF
      if (buf[i + 1] !== 0x0a) fail("PROXY_MALFORMED", "PROXY v1 line has a CR not followed by LF");
      end = i;
      break;
    }
    if (c === 0x0a) fail("PROXY_MALFORMED", "PROXY v1 line ends with a bare LF (CRLF required)");
    if (c < 0x20 || c > 0x7e) fail("PROXY_MALFORMED", `PROXY v1 line holds a non-printable byte 0x${c.toString(16)}`);
  }
  if (end < 0) {
    if (buf.length >= V1_MAX_LENGTH - 1)
      fail("PROXY_TOO_LONG", `PROXY v1 line has no CRLF within ${V1_MAX_LENGTH} bytes`);
    return undefined;
  }
  const line = buf.toString("latin1", 0, end);
  const length = end + 2;
  const parts = line.split(" ");
  if (parts[1] === "UNKNOWN") {
    // The receiver must ignore whatever follows UNKNOWN up to the CRLF (spec 2.1).
    return {
      version: 1,
      length,
      info: { command: "PROXY", family: "UNKNOWN", sourceAddress: "", sourcePort: 0, destAddress: "", destPort: 0 },
    };
  }
  const family = parts[1];
  if (family !== "TCP4" && family !== "TCP6")
    return fail("PROXY_BAD_FAMILY", `PROXY v1 protocol "${family ?? ""}" is not TCP4, TCP6 or UNKNOWN`);
  if (parts.length !== 6)
    return fail("PROXY_MALFORMED", `PROXY v1 line must have 6 single-space separated fields, got ${parts.length}`);
  const [, , src, dst, sport, dport] = parts as [string, string, string, string, string, string];
  const parse = family === "TCP4" ? parseIPv4 : parseIPv6;
  const s = parse(src);
  const d = parse(dst);
  if (!s)
    fail(
      "PROXY_MALFORMED",
      `PROXY v1 source address "${src}" is not a canonical ${family === "TCP4" ? "IPv4" : "IPv6"} address`,
    );
  if (!d)
    fail(
      "PROXY_MALFORMED",
      `PROXY v1 destination address "${dst}" is not a canonical ${family === "TCP4" ? "IPv4" : "IPv6"} address`,
    );
  const port = (name: string, t: string) =>
    PORT.test(t) && Number(t) <= 65535
      ? Number(t)
      : fail("PROXY_MALFORMED", `PROXY v1 ${name} "${t}" is not a port (0-65535, no leading zeros)`);
  const fmt = family === "TCP4" ? formatIPv4 : formatIPv6;
  const info: ProxyAddressInfo = {
    command: "PROXY",
    family,
    sourceAddress: fmt(s!),
    sourcePort: port("source port", sport),
    destAddress: fmt(d!),
    destPort: port("destination port", dport),
  };
  return { version: 1, length, info };
}

/** Family/transport byte -> our family and the fixed address block size (spec 2.2). */
const FAMILIES: Record<number, { family: ProxyAddressInfo["family"]; addrLen: number }> = {
  0: { family: "UNKNOWN", addrLen: 0 },
  17: { family: "TCP4", addrLen: 12 },
  18: { family: "UDP4", addrLen: 12 },
  33: { family: "TCP6", addrLen: 36 },
  34: { family: "UDP6", addrLen: 36 },
  // AF_UNIX: valid but not useful to a TCP relay; the spec says fall back to UNSPEC.
  49: { family: "UNKNOWN", addrLen: 216 },
  50: { family: "UNKNOWN", addrLen: 216 },
};

function decodeV2(buf: Buffer): ParsedProxyHeader | undefined {
  checkV2Start(buf);
  const cmd = buf[12]! & 0x0f;
  if (cmd > 1) fail("PROXY_BAD_COMMAND", `PROXY v2 command 0x${cmd.toString(16)} is neither LOCAL nor PROXY`);
  const famByte = buf[13]!;
  const fam = FAMILIES[famByte];
  if (!fam && cmd === 1)
    fail(
      "PROXY_BAD_FAMILY",
      `PROXY v2 family/transport byte 0x${famByte.toString(16).padStart(2, "0")} is not defined`,
    );
  const bodyLen = buf.readUInt16BE(14);
  const length = 16 + bodyLen;
  if (length > V2_MAX_LENGTH)
    fail("PROXY_TOO_LONG", `PROXY v2 header of ${length} bytes exceeds the ${V2_MAX_LENGTH}-byte limit`);
  if (buf.length < length) return undefined;

  const local = cmd === 0;
  // LOCAL ignores the family, but the length still says how much to skip (spec 2.2).
  const addrLen = local ? Math.min(fam?.addrLen ?? 0, bodyLen) : fam!.addrLen;
  if (addrLen > bodyLen)
    fail(
      "PROXY_MALFORMED",
      `PROXY v2 length ${bodyLen} is shorter than the ${addrLen}-byte address block of family 0x${famByte.toString(16)}`,
    );

  const info: ProxyAddressInfo = local
    ? { command: "LOCAL", family: "UNKNOWN", sourceAddress: "", sourcePort: 0, destAddress: "", destPort: 0 }
    : decodeAddresses(buf, fam!.family);
  const tlvs = decodeTlvs(buf, 16 + addrLen, length);
  if (tlvs.length > 0) info.tlvs = tlvs;
  return { version: 2, length, info };
}

function decodeAddresses(buf: Buffer, family: ProxyAddressInfo["family"]): ProxyAddressInfo {
  const base = { command: "PROXY" as const, family };
  switch (family) {
    case "TCP4":
    case "UDP4":
      return {
        ...base,
        sourceAddress: formatIPv4(buf, 16),
        destAddress: formatIPv4(buf, 20),
        sourcePort: buf.readUInt16BE(24),
        destPort: buf.readUInt16BE(26),
      };
    case "TCP6":
    case "UDP6":
      return {
        ...base,
        sourceAddress: formatIPv6(buf, 16),
        destAddress: formatIPv6(buf, 32),
        sourcePort: buf.readUInt16BE(48),
        destPort: buf.readUInt16BE(50),
      };
    default:
      return { ...base, sourceAddress: "", sourcePort: 0, destAddress: "", destPort: 0 };
  }
}

/** Walks the TLVs in [from, end); each must fit in what remains. Verifies PP2_TYPE_CRC32C if present. */
function decodeTlvs(buf: Buffer, from: number, end: number): { type: number; value: Buffer }[] {
  const out: { type: number; value: Buffer }[] = [];
  let at = from;
  while (at < end) {
    if (end - at < 3)
      fail("PROXY_MALFORMED", `PROXY v2 has ${end - at} stray byte(s) after its last TLV at offset ${at}`);
    const type = buf[at]!;
    const len = buf.readUInt16BE(at + 1);
    if (at + 3 + len > end)
      fail(
        "PROXY_MALFORMED",
        `PROXY v2 TLV 0x${type.toString(16)} at offset ${at} claims ${len} bytes but only ${end - at - 3} remain`,
      );
    const value = Buffer.from(buf.subarray(at + 3, at + 3 + len)); // copy: never pin the socket's chunk
    if (type === PP2_TYPE_CRC32C) verifyCrc(buf, end, at + 3, value);
    out.push({ type, value });
    at += 3 + len;
  }
  return out;
}

function verifyCrc(buf: Buffer, end: number, at: number, value: Buffer): void {
  if (value.length !== 4) fail("PROXY_MALFORMED", `PROXY v2 CRC32C TLV must hold 4 bytes, not ${value.length}`);
  const copy = Buffer.from(buf.subarray(0, end));
  copy.fill(0, at, at + 4);
  const want = crc32c(copy);
  const got = value.readUInt32BE(0);
  if (want !== got)
    fail("PROXY_BAD_CHECKSUM", `PROXY v2 CRC32C is 0x${got.toString(16)}, header sums to 0x${want.toString(16)}`);
}

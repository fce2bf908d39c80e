/**
 * Strict IP text <-> bytes conversions for the PROXY protocol. v1 forbids leading zeros
 * (octal confusion), so the parsers here are stricter than `net.isIP`.
 */
const V4_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const H16 = /^[0-9a-fA-F]{1,4}$/;

/** "192.0.2.1" -> 4 bytes, or undefined if not a canonical dotted quad. */
export function parseIPv4(text: string): Buffer | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = Buffer.allocUnsafe(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!V4_OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Any RFC 4291 text form (with "::" and a trailing dotted quad) -> 16 bytes; zone ids are refused. */
export function parseIPv6(text: string): Buffer | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (H16.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // A dotted quad may only end the address.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = Buffer.allocUnsafe(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

export function formatIPv4(b: Uint8Array, offset = 0): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** 16 bytes -> RFC 5952 canonical text (lower case, longest zero run of 2+ groups compressed). */
export function formatIPv6(b: Uint8Array, offset = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[offset + i * 2]! << 8) | b[offset + i * 2 + 1]!);
  // IPv4-mapped addresses keep the dotted quad (RFC 5952 section 5), as Node prints them.
  if (g[5] === 0xffff && g.slice(0, 5).every((x) => x === 0)) return `::ffff:${formatIPv4(b, offset + 12)}`;
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [bestAt, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (from: number, to: number) =>
    g
      .slice(from, to)
      .map((x) => x.toString(16))
      .join(":");
  if (bestAt < 0) return hex(0, 8);
  return `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/** "::ffff:192.0.2.1" -> "192.0.2.1"; anything else unchanged. Node reports v4 peers this way on dual-stack sockets. */
export function unmapIPv4(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

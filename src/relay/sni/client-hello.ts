/**
 * Incremental reader of a TLS ClientHello (RFC 8446 4.1.2 / RFC 5246 7.4.1.2), enough to find
 * the server_name extension (RFC 6066 section 3). It never decrypts or answers anything.
 */

/** Largest ClientHello body we inspect. Real ones are 0.2-2 KiB (post-quantum key shares included). */
export const MAX_CLIENT_HELLO = 16 * 1024;
/** TLS plaintext records carry at most 2^14 bytes (RFC 8446 5.1). */
const MAX_RECORD = 16 * 1024;

export type HelloScan =
  | { done: false; needBytes: number } // nothing can change before the buffer holds this many bytes
  | { done: true; serverName: string | undefined; reason: "sni" | "no-sni" | "not-tls" | "malformed" | "too-large" };

const more = (needBytes: number): HelloScan => ({ done: false, needBytes });
const stop = (reason: "no-sni" | "not-tls" | "malformed" | "too-large"): HelloScan => ({
  done: true,
  serverName: undefined,
  reason,
});

/**
 * Looks at all bytes received so far. Handshake messages may be split over several records and
 * records over several TCP segments, so this reassembles the handshake layer from the records.
 * While incomplete it says how many bytes to wait for, so a client trickling one byte per
 * segment costs one scan per record boundary, not one per byte.
 */
export function scanClientHello(buf: Buffer): HelloScan {
  if (buf.length >= 1 && buf[0] !== 0x16) return stop("not-tls"); // not a handshake record (HTTP, SSH, SSLv2 hello...)
  if (buf.length >= 2 && buf[1] !== 0x03) return stop("not-tls");
  if (buf.length < 2) return more(buf.length + 1);
  const fragments: Buffer[] = [];
  let have = 0;
  let need = -1; // full handshake message size once its header is known
  for (let at = 0; ; ) {
    if (buf.length - at < 5) return more(at + 5);
    if (buf[at] !== 0x16 || buf[at + 1] !== 0x03) return stop(at === 0 ? "not-tls" : "malformed");
    const len = buf.readUInt16BE(at + 3);
    if (len === 0 || len > MAX_RECORD) return stop("malformed");
    const body = buf.subarray(at + 5, Math.min(buf.length, at + 5 + len));
    fragments.push(body);
    have += body.length;
    if (need < 0 && have >= 4) {
      const head = fragments.length === 1 ? body : Buffer.concat(fragments);
      if (head[0] !== 0x01) return stop("not-tls"); // first handshake message must be ClientHello
      need = 4 + head.readUIntBE(1, 3);
      if (need - 4 > MAX_CLIENT_HELLO) return stop("too-large");
    }
    if (need >= 0 && have >= need) {
      const msg = fragments.length === 1 ? body : Buffer.concat(fragments);
      return parseClientHelloBody(msg.subarray(4, need));
    }
    if (body.length < len) {
      // Rest of this record is in flight: wait for the handshake header or message end, or the record end.
      const before = have - body.length;
      const target = need < 0 ? 4 : need;
      return more(Math.min(at + 5 + len, at + 5 + (target - before)));
    }
    at += 5 + len;
  }
}

/** Walks ClientHello fields with bounds checks; any overrun is "malformed", never an exception. */
export function parseClientHelloBody(b: Buffer): HelloScan {
  let at = 2 + 32; // legacy_version, random
  if (b.length < at + 1) return stop("malformed");
  at += 1 + b[at]!; // legacy_session_id <0..32>
  if (b.length < at + 2) return stop("malformed");
  at += 2 + b.readUInt16BE(at); // cipher_suites
  if (b.length < at + 1) return stop("malformed");
  at += 1 + b[at]!; // legacy_compression_methods
  if (at === b.length) return stop("no-sni"); // extensions are optional before TLS 1.3
  if (b.length < at + 2) return stop("malformed");
  const end = at + 2 + b.readUInt16BE(at);
  if (end > b.length) return stop("malformed");
  for (at += 2; at + 4 <= end; ) {
    const type = b.readUInt16BE(at);
    const len = b.readUInt16BE(at + 2);
    at += 4;
    if (at + len > end) return stop("malformed");
    if (type === 0x0000) return readServerName(b.subarray(at, at + len));
    at += len;
  }
  return stop("no-sni");
}

const HOST_NAME = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

/** server_name extension: a list of (name_type, name); we use the host_name (type 0) entry. */
function readServerName(ext: Buffer): HelloScan {
  if (ext.length < 2) return stop("malformed");
  const end = Math.min(ext.length, 2 + ext.readUInt16BE(0));
  for (let at = 2; at + 3 <= end; ) {
    const type = ext[at]!;
    const len = ext.readUInt16BE(at + 1);
    at += 3;
    if (at + len > end) return stop("malformed");
    if (type === 0) {
      // Lower-cased, trailing dot dropped: the form matchServerName and logs use.
      const name = ext
        .toString("latin1", at, at + len)
        .toLowerCase()
        .replace(/\.$/, "");
      // A name with bytes outside a DNS host name is not routed (it is likely an attack or junk).
      if (name.length === 0 || name.length > 253 || !HOST_NAME.test(name)) return stop("malformed");
      return { done: true, serverName: name, reason: "sni" };
    }
    at += len;
  }
  return stop("no-sni");
}

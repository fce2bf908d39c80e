/** Builders for TLS ClientHello bytes used by the SNI tests (test helper, not a test file). */

import { once } from "node:events";
import net from "node:net";
import tls from "node:tls";

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);

export function sniExtension(...names: string[]): Buffer {
  const list = Buffer.concat(
    names.map((n) => Buffer.concat([Buffer.from([0]), u16(n.length), Buffer.from(n, "latin1")])),
  );
  const data = Buffer.concat([u16(list.length), list]);
  return Buffer.concat([u16(0x0000), u16(data.length), data]);
}

/** A syntactically valid ClientHello handshake message (type 1) with the given extensions. */
export function clientHelloMessage(extensions: Buffer[] | undefined, sessionId = Buffer.alloc(32, 7)): Buffer {
  const parts = [
    Buffer.from([0x03, 0x03]),
    Buffer.alloc(32, 0xab), // random
    Buffer.from([sessionId.length]),
    sessionId,
    u16(4),
    Buffer.from([0x13, 0x01, 0x13, 0x02]), // cipher suites
    Buffer.from([1, 0]), // compression: null
  ];
  if (extensions) {
    const ext = Buffer.concat(extensions);
    parts.push(u16(ext.length), ext);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([0x01]), u24(body.length), body]);
}

/** Frames a handshake message into TLS records of at most `recordSize` bytes each. */
export function records(message: Buffer, recordSize = 16384): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < message.length; at += recordSize) {
    const frag = message.subarray(at, at + recordSize);
    out.push(Buffer.from([0x16, 0x03, 0x01]), u16(frag.length), frag);
  }
  return Buffer.concat(out);
}

/** The first flight of a real node:tls (OpenSSL) client for `servername`, captured on a plain TCP server. */
export async function captureClientHello(servername: string | undefined): Promise<Buffer> {
  const srv = net.createServer();
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const got = new Promise<Buffer>((resolve) => {
    srv.once("connection", (s) => {
      let buf = Buffer.alloc(0);
      s.on("data", (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          resolve(buf);
          s.destroy();
        }
      });
    });
  });
  const port = (srv.address() as net.AddressInfo).port;
  const c = tls.connect({ host: "127.0.0.1", port, ...(servername ? { servername } : {}), rejectUnauthorized: false });
  c.on("error", () => {});
  const hello = await got;
  c.destroy();
  srv.close();
  return hello;
}

import { Duplex } from "node:stream";

/**
 * A Duplex over a TCP socket for `tls.connect({ socket })` that rewrites the client's first
 * flight: optionally prepends `prefix` (e.g. a PROXY header) in the same write, and/or re-frames
 * the ClientHello into records of `recordSize` bytes sent as separate TCP segments.
 */
export function shapingDuplex(sock: net.Socket, opts: { prefix?: Buffer; recordSize?: number }): Duplex {
  let first = true;
  sock.setNoDelay(true);
  const d = new Duplex({
    write(chunk: Buffer, _enc, cb) {
      if (!first) return void sock.write(chunk, cb);
      first = false;
      let out = chunk;
      if (opts.recordSize && chunk[0] === 0x16) {
        const len = chunk.readUInt16BE(3);
        out = Buffer.concat([records(chunk.subarray(5, 5 + len), opts.recordSize), chunk.subarray(5 + len)]);
      }
      if (opts.prefix) out = Buffer.concat([opts.prefix, out]);
      if (!opts.recordSize) return void sock.write(out, cb);
      // One small write per 11 bytes with a pause between: the hello reaches the relay in many segments.
      void (async () => {
        for (let at = 0; at < out.length; at += 11) {
          sock.write(out.subarray(at, at + 11));
          await new Promise((r) => setTimeout(r, 1));
        }
        cb();
      })();
    },
    read() {
      sock.resume();
    },
    final(cb) {
      sock.end(cb);
    },
    destroy(err, cb) {
      sock.destroy();
      cb(err);
    },
  });
  sock.on("data", (c: Buffer) => {
    if (!d.push(c)) sock.pause();
  });
  sock.on("end", () => d.push(null));
  sock.on("error", (e) => d.destroy(e));
  sock.on("close", () => d.destroy());
  return d;
}

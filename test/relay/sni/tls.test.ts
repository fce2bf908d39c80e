/**
 * SNI routing with real TLS through the real relay: two node:tls backends with different
 * certificates; a node:tls client reaches the backend its server name selects and completes
 * its TLS handshake with that backend (the relay never terminates TLS).
 */

import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import type { MemoryLogger } from "../../../src/relay/observability/log.ts";
import {
  encodeProxyV2,
  PP2_TYPE_AUTHORITY,
  type ReadProxyResult,
  readProxyHeader,
} from "../../../src/relay/proxy-protocol/index.ts";
import { closeServer, listen, startRelay, until } from "../helpers.ts";
import { shapingDuplex } from "./helpers.ts";

const fixture = (f: string) => readFileSync(join(import.meta.dirname, "../fixtures", f));
const cert = { alpha: fixture("alpha.cert.pem"), beta: fixture("beta.cert.pem") };

let relay: Relay;
let log: MemoryLogger;
let port: (name?: string) => number;
const servers: net.Server[] = [];
/** PROXY headers seen by the PROXY-aware front of the alpha backend. */
const proxied: ReadProxyResult[] = [];

/** A TLS echo server answering "<name>:" + data; records the server name it saw. */
function tlsBackend(name: "alpha" | "beta"): Promise<tls.Server & { port: number; seen: (string | false)[] }> {
  const seen: (string | false)[] = [];
  const s = tls.createServer({ key: fixture(`${name}.key.pem`), cert: cert[name] }, (c) => {
    seen.push(c.servername ?? false);
    c.on("error", () => {});
    c.on("data", (d: Buffer) => c.write(`${name}:${d.toString()}`));
    c.on("end", () => c.end());
  });
  return new Promise((r) =>
    s.listen(0, "127.0.0.1", () => r(Object.assign(s, { port: (s.address() as net.AddressInfo).port, seen }))),
  );
}

beforeAll(async () => {
  const a = await tlsBackend("alpha");
  const b = await tlsBackend("beta");
  // The default pool speaks first (like SMTP), then echoes: it serves non-TLS and silent clients.
  const plain = await listen((s) => {
    s.write("banner\n");
    s.on("data", (d: Buffer) => s.write(`plain:${d.toString()}`));
    s.on("end", () => s.end());
  });
  // A PROXY-aware hop in front of alpha (as a real backend like nginx `proxy_protocol` would be).
  const ppAlpha = await listen((s) => {
    readProxyHeader(s, 5000).then(
      (h) => {
        proxied.push(h);
        const up = net.connect(a.port, "127.0.0.1", () => {
          up.write(h.rest);
          s.pipe(up).pipe(s);
        });
        up.on("error", () => s.destroy());
      },
      () => s.destroy(),
    );
  });
  servers.push(a, b, plain, ppAlpha);
  const backend = (p: number) => ({ backends: [{ address: "127.0.0.1", port: p }] });
  const rules = [
    { serverNames: ["alpha.test", "*.alpha.test"], pool: "alpha" },
    { serverNames: ["*.beta.test", "beta.test"], pool: "beta" },
  ];
  const r = await startRelay({
    listeners: [
      // 1.5 s: the fragmented hello (one 11-byte write per timer tick) takes over 300 ms on a loaded machine.
      { name: "t", address: "127.0.0.1", port: 0, sni: { rules, defaultPool: "plain", inspectTimeoutMs: 1500 } },
      { name: "strict", address: "127.0.0.1", port: 0, sni: { rules } },
      { name: "pp", address: "127.0.0.1", port: 0, acceptProxy: { timeoutMs: 5000 }, sni: { rules } },
      {
        name: "ppout",
        address: "127.0.0.1",
        port: 0,
        sendProxy: "v2",
        sni: { rules: [{ serverNames: ["alpha.test"], pool: "ppAlpha" }] },
      },
    ],
    pools: {
      alpha: backend(a.port),
      beta: backend(b.port),
      plain: backend(plain.port),
      ppAlpha: backend(ppAlpha.port),
    },
  });
  ({ relay, log, port } = r);
});

afterAll(async () => {
  await relay?.shutdown(0);
  for (const s of servers) await closeServer(s);
});

/** TLS-connects through the relay and sends one line; resolves with the peer's CN and the reply. */
function tlsCall(
  opts: tls.ConnectionOptions & { ca: Buffer },
  msg = "hi",
): Promise<{ cn: string; reply: string; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const c = tls.connect({ host: "127.0.0.1", ...opts }, () => {
      const cn = String(c.getPeerCertificate().subject.CN);
      c.write(msg);
      c.once("data", (d: Buffer) => {
        resolve({ cn, reply: d.toString(), authorized: c.authorized });
        c.end();
      });
    });
    c.on("error", reject);
  });
}

describe("SNI routing with real TLS", () => {
  it.each([
    ["alpha.test", "alpha", "alpha.test"],
    ["www.alpha.test", "alpha", "alpha.test"],
    ["beta.test", "beta", "beta.test"],
    ["API.Beta.Test", "beta", "beta.test"], // case-insensitive,
  ] as const)("server name %s reaches the %s backend and sees its certificate", async (servername, pool, cn) => {
    const r = await tlsCall({ port: port("t"), servername, ca: cert[pool] });
    expect(r.cn).toBe(cn);
    expect(r.authorized).toBe(true); // the certificate verified for this name: TLS is end to end
    expect(r.reply).toBe(`${pool}:hi`);
  });

  it("routes a ClientHello fragmented over records and many TCP segments", async () => {
    // The "strict" listener (5 s inspect timeout): sent 11 bytes per timer tick, this hello can take
    // longer than listener t's 300 ms on a loaded machine, which then routes it to the plain
    // default pool by design (a flaky "wrong version number" before).
    const sock = net.connect(port("strict"), "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    const r = await tlsCall(
      { socket: shapingDuplex(sock, { recordSize: 40 }), servername: "x.beta.test", ca: cert.beta },
      "frag",
    );
    expect(r).toMatchObject({ cn: "beta.test", reply: "beta:frag" });
  });

  it("reads a PROXY v2 header and the ClientHello from the same segment (accept-proxy + SNI)", async () => {
    const sock = net.connect(port("pp"), "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    const prefix = encodeProxyV2({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "192.0.2.33",
      sourcePort: 4444,
      destAddress: "192.0.2.1",
      destPort: 443,
    });
    const r = await tlsCall(
      { socket: shapingDuplex(sock, { prefix }), servername: "alpha.test", ca: cert.alpha },
      "pp",
    );
    expect(r).toMatchObject({ cn: "alpha.test", reply: "alpha:pp" });
    // One line per connection, at close (logConnections "close", the default), with origin and SNI.
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.proxiedClient === "192.0.2.33:4444"));
    expect(
      log.entries.find((e) => e.event === "close" && e.fields.proxiedClient === "192.0.2.33:4444")!.fields,
    ).toMatchObject({ sni: "alpha.test", pool: "alpha" });
  });

  it("tells a send-proxy v2 backend the server name as PP2_TYPE_AUTHORITY, before the untouched ClientHello", async () => {
    const r = await tlsCall({ port: port("ppout"), servername: "alpha.test", ca: cert.alpha }, "authority");
    expect(r).toMatchObject({ cn: "alpha.test", reply: "alpha:authority" });
    const h = proxied.at(-1)!;
    expect(h.info.family).toBe("TCP4");
    expect(h.info.tlvs).toEqual([{ type: PP2_TYPE_AUTHORITY, value: Buffer.from("alpha.test") }]);
  });

  it("sends non-TLS clients to the default pool at once, bytes intact", async () => {
    const got = await plainCall(port("t"), "PING");
    expect(got).toBe("banner\nplain:PING");
  });

  it("passes on a FIN sent with the first (non-TLS) bytes", async () => {
    const c = net.connect({ port: port("t"), host: "127.0.0.1", allowHalfOpen: true }, () => c.end("BYE"));
    let got = "";
    c.on("data", (d: Buffer) => (got += d.toString()));
    await new Promise((r) => c.once("end", r)); // the default backend saw our FIN and ended too
    c.destroy();
    expect(got).toBe("banner\nplain:BYE");
  });

  it("sends a silent client to the default pool after the inspect timeout (server speaks first)", async () => {
    const c = net.connect(port("t"), "127.0.0.1");
    const first = await new Promise<string>((resolve, reject) => {
      c.once("data", (d: Buffer) => resolve(d.toString()));
      c.on("error", reject);
    });
    c.destroy();
    expect(first).toBe("banner\n");
    await until(() =>
      log.entries.some(
        (e) =>
          e.event === "close" &&
          e.fields.pool === "plain" &&
          e.fields.sni === undefined &&
          e.fields.reason === "client_fin",
      ),
    );
  });

  it("closes a client whose name matches nothing when there is no default pool", async () => {
    const outcome = await new Promise<string>((resolve) => {
      const c = tls.connect({ host: "127.0.0.1", port: port("strict"), servername: "nope.test", ca: cert.alpha }, () =>
        resolve("handshake"),
      );
      c.on("error", (e: NodeJS.ErrnoException) => resolve(`error:${e.code ?? e.message}`));
      c.on("close", () => resolve("closed"));
    });
    expect(outcome).not.toBe("handshake");
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "ERR_RELAY_SNI_NO_MATCH"));
  });
});

function plainCall(p: number, msg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(p, "127.0.0.1", () => c.write(msg));
    let got = "";
    c.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.includes(`plain:${msg}`)) {
        c.destroy();
        resolve(got);
      }
    });
    c.on("error", reject);
  });
}

/**
 * Cross-check against an independent implementation: HAProxy (Debian package, installed by
 * .ci/run). Our encoder's header goes into HAProxy's accept-proxy parser; HAProxy then emits its
 * own send-proxy / send-proxy-v2 header (with CRC32C and UNIQUE_ID TLVs) to a backend where our
 * reader decodes it. Both directions must agree on the original client address.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import {
  encodeProxyV1,
  encodeProxyV2,
  PP2_TYPE_CRC32C,
  PP2_TYPE_UNIQUE_ID,
  type ProxyAddressInfo,
  type ReadProxyResult,
  readProxyHeader,
} from "../../../src/relay/proxy-protocol/index.ts";
import { describeWithTools } from "../../helpers/system-tools.ts";
import { startRelay } from "../helpers.ts";

const describe = describeWithTools("haproxy");

const HAPROXY = "haproxy";

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let haproxy: ChildProcess;
let dir: string;
let backend: net.Server;
const ports = { v2: 0, v1: 0, front: 0 };
let relay: Relay;
/** Headers decoded by our backend, in arrival order, with the bytes that followed. */
const received: { header: ReadProxyResult; body: Promise<string> }[] = [];
let arrived: () => void = () => {};

beforeAll(async () => {
  backend = net.createServer((sock) => {
    sock.on("error", () => {});
    readProxyHeader(sock, 5000).then(
      (header) => {
        const parts = [header.rest];
        sock.on("data", (c: Buffer) => parts.push(c));
        const body = once(sock, "end").then(() => Buffer.concat(parts).toString());
        sock.resume();
        sock.on("end", () => sock.end());
        received.push({ header, body });
        arrived();
      },
      () => sock.destroy(), // a probe or a header HAProxy should have refused; the tests see it as missing
    );
  });
  backend.listen(0, "127.0.0.1");
  await once(backend, "listening");
  const b = (backend.address() as net.AddressInfo).port;
  // Our relay behind HAProxy: accept-proxy from it, send-proxy v1 on to the decoding backend.
  const r = await startRelay({
    listeners: [
      { name: "t", address: "127.0.0.1", port: 0, pool: "p", acceptProxy: { timeoutMs: 5000 }, sendProxy: "v1" },
    ],
    pools: { p: { backends: [{ address: "127.0.0.1", port: b }] } },
  });
  relay = r.relay;
  dir = mkdtempSync(join(tmpdir(), "pp-haproxy-"));
  // Ports are picked free then handed to HAProxy; if another process takes one meanwhile, HAProxy
  // exits at bind and we try again with new ports.
  let failure = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    ports.v2 = await freePort();
    ports.v1 = await freePort();
    ports.front = await freePort();
    failure = await startHaproxy(b, r.port("t"));
    if (!failure) break;
  }
  if (failure) throw new Error(`haproxy did not start: ${failure}`);
  // The readiness probes above reached be_v1 with an empty stream; forget them.
  await new Promise((r) => setTimeout(r, 100));
  received.length = 0;
});

/** Starts HAProxy on the chosen ports; resolves "" once it serves, or why it failed. */
async function startHaproxy(b: number, relayPort: number): Promise<string> {
  const cfg = join(dir, "haproxy.cfg");
  writeFileSync(
    cfg,
    `global
  maxconn 200
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe_v2
  bind 127.0.0.1:${ports.v2} accept-proxy
  unique-id-format %ci:%cp
  default_backend be_v2
backend be_v2
  server s1 127.0.0.1:${b} send-proxy-v2 proxy-v2-options crc32c,unique-id
frontend fe_v1
  bind 127.0.0.1:${ports.v1} accept-proxy
  default_backend be_v1
backend be_v1
  server s1 127.0.0.1:${b} send-proxy
frontend fe_front
  bind 127.0.0.1:${ports.front}
  default_backend be_relay
backend be_relay
  server relay 127.0.0.1:${relayPort} send-proxy-v2 proxy-v2-options crc32c
`,
  );
  haproxy = spawn(HAPROXY, ["-f", cfg, "-db"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  haproxy.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((res) => {
      const s = net.connect(ports.v1, "127.0.0.1", () => (s.destroy(), res(true)));
      s.on("error", () => res(false));
    });
    // HAProxy binds every frontend before serving, so once one answers and it still runs, all are ours.
    await new Promise((r) => setTimeout(r, 50));
    if (haproxy.exitCode !== null) return stderr || `exit code ${haproxy.exitCode}`;
    if (ok) return "";
    if (i > 200) {
      haproxy.kill("SIGTERM");
      return `not listening after 10 s: ${stderr}`;
    }
  }
}

afterAll(async () => {
  if (haproxy && haproxy.exitCode === null) {
    haproxy.kill("SIGTERM");
    await once(haproxy, "exit");
  }
  await relay?.shutdown(0);
  backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sends `header + payload` to a HAProxy frontend; resolves with what our backend decoded, or "closed". */
async function through(
  port: number,
  header: Buffer,
  payload: string,
): Promise<{ header: ReadProxyResult; body: string } | "closed"> {
  const before = received.length;
  const next = new Promise<void>((r) => (arrived = r));
  const c = net.connect(port, "127.0.0.1");
  c.on("error", () => {});
  await once(c, "connect");
  c.end(Buffer.concat([header, Buffer.from(payload)]));
  c.resume();
  const closed = new Promise<"closed">((r) => c.on("close", () => r("closed"))); // events.once would reject on ECONNRESET
  const winner = await Promise.race([next.then(() => "arrived" as const), closed]);
  if (winner === "closed" && received.length === before) return "closed";
  const got = received[before]!;
  return { header: got.header, body: await got.body };
}

const client: ProxyAddressInfo = {
  command: "PROXY",
  family: "TCP4",
  sourceAddress: "203.0.113.7",
  sourcePort: 40000,
  destAddress: "198.51.100.1",
  destPort: 5432,
};
const client6: ProxyAddressInfo = {
  ...client,
  family: "TCP6",
  sourceAddress: "2001:db8::7",
  destAddress: "2001:db8:ffff::1",
};

describe("PROXY protocol against HAProxy", () => {
  it("HAProxy as the front balancer: the relay accepts its send-proxy-v2 and passes the client on", async () => {
    const before = received.length;
    const next = new Promise<void>((r) => (arrived = r));
    const c = net.connect(ports.front, "127.0.0.1");
    await once(c, "connect");
    const clientPort = c.localPort;
    c.end("via haproxy"); // data and FIN at once: the FIN must survive the relay's header read
    c.resume();
    await next;
    const got = received[before]!;
    expect(got.header.version).toBe(1);
    expect(got.header.info).toMatchObject({
      family: "TCP4",
      sourceAddress: "127.0.0.1",
      sourcePort: clientPort,
      destAddress: "127.0.0.1",
      destPort: ports.front,
    });
    expect(await got.body).toBe("via haproxy");
  });

  it("HAProxy accepts our v2 header and its send-proxy-v2 (with CRC32C) decodes to the same client", async () => {
    const r = await through(ports.v2, encodeProxyV2(client), "PING");
    if (r === "closed") throw new Error("haproxy refused our v2 header");
    expect(r.header.version).toBe(2);
    expect(r.header.info).toMatchObject({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "203.0.113.7",
      sourcePort: 40000,
      destAddress: "198.51.100.1",
      destPort: 5432,
    });
    const types = r.header.info.tlvs!.map((t) => t.type);
    expect(types).toContain(PP2_TYPE_CRC32C); // and readProxyHeader verified it, else it would have rejected
    expect(r.header.info.tlvs!.find((t) => t.type === PP2_TYPE_UNIQUE_ID)!.value.toString()).toBe("203.0.113.7:40000");
    expect(r.body).toBe("PING");
  });

  it("round-trips IPv6 and our own CRC32C TLV through HAProxy", async () => {
    const r = await through(
      ports.v2,
      encodeProxyV2({ ...client6, tlvs: [{ type: PP2_TYPE_CRC32C, value: Buffer.alloc(0) }] }),
      "six",
    );
    if (r === "closed") throw new Error("haproxy refused our v2 IPv6 header");
    expect(r.header.info).toMatchObject({
      family: "TCP6",
      sourceAddress: "2001:db8::7",
      destAddress: "2001:db8:ffff::1",
      sourcePort: 40000,
    });
    expect(r.body).toBe("six");
  });

  it("HAProxy accepts our v1 line and its v1 line decodes to the same client", async () => {
    for (const info of [client, client6]) {
      const r = await through(ports.v1, encodeProxyV1(info), "one");
      if (r === "closed") throw new Error(`haproxy refused our v1 ${info.family} line`);
      expect(r.header.version).toBe(1);
      expect(r.header.info).toEqual(info);
      expect(r.body).toBe("one");
    }
  });

  it("HAProxy, like us, refuses a v2 header with a wrong checksum or an overrunning TLV", async () => {
    const badCrc = encodeProxyV2({ ...client, tlvs: [{ type: PP2_TYPE_CRC32C, value: Buffer.alloc(0) }] });
    badCrc[badCrc.length - 1]! ^= 0xff;
    expect(await through(ports.v2, badCrc, "x")).toBe("closed");
    const overrun = encodeProxyV2({ ...client, tlvs: [{ type: 0x05, value: Buffer.from("abcd") }] });
    overrun.writeUInt16BE(64, overrun.length - 6);
    expect(await through(ports.v2, overrun, "x")).toBe("closed");
    expect(received.every((r) => r.header.info.sourceAddress !== "")).toBe(true);
  });
});

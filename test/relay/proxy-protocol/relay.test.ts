/** PROXY protocol through the real relay: send-proxy v1/v2 to backends, accept-proxy from a front balancer. */

import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import type { MemoryLogger } from "../../../src/relay/observability/log.ts";
import {
  encodeProxyV1,
  encodeProxyV2,
  type ProxyAddressInfo,
  readProxyHeader,
} from "../../../src/relay/proxy-protocol/index.ts";
import { closeServer, connect, listen, startRelay, until } from "../helpers.ts";

let relay: Relay;
let log: MemoryLogger;
let port: (name?: string) => number;
let backend: net.Server & { port: number };
let backend6: net.Server & { port: number };
let backendConnections = 0;

/** Reads the PROXY header the relay sent, answers with it as JSON, then echoes. */
function proxyAware(s: net.Socket): void {
  backendConnections++;
  readProxyHeader(s, 5000).then(
    ({ version, info, rest }) => {
      s.write(`${JSON.stringify({ version, info })}\n`);
      if (rest.length) s.write(rest);
      s.pipe(s);
    },
    (e: Error) => s.end(`ERROR ${e.message}\n`),
  );
}

beforeAll(async () => {
  backend = await listen(proxyAware);
  backend6 = await new Promise((resolve) => {
    const s = net.createServer((c) => (c.on("error", () => {}), proxyAware(c)));
    s.listen(0, "::1", () => resolve(Object.assign(s, { port: (s.address() as net.AddressInfo).port })));
  });
  const pool = { backends: [{ address: "127.0.0.1", port: backend.port }] };
  const r = await startRelay({
    listeners: [
      { name: "v1", address: "127.0.0.1", port: 0, pool: "p", sendProxy: "v1" },
      { name: "v2", address: "127.0.0.1", port: 0, pool: "p", sendProxy: "v2" },
      { name: "chain", address: "127.0.0.1", port: 0, pool: "p", sendProxy: "v2", acceptProxy: { timeoutMs: 300 } },
      { name: "v6", address: "::1", port: 0, pool: "p6", sendProxy: "v1" },
    ],
    pools: { p: pool, p6: { backends: [{ address: "::1", port: backend6.port }] } },
  });
  ({ relay, log, port } = r);
});

afterAll(async () => {
  await relay?.shutdown(0);
  await closeServer(backend);
  await closeServer(backend6);
});

/** Connects, optionally writes a front header, sends a payload; resolves with the header the backend saw and the echo. */
async function call(
  p: number,
  opts: { front?: Buffer; host?: string } = {},
): Promise<{
  seen: { version: number; info: ProxyAddressInfo };
  echo: string;
  client: { localPort: number | undefined };
}> {
  const c = await connect(p, opts.host);
  c.write(Buffer.concat([opts.front ?? Buffer.alloc(0), Buffer.from("payload")]));
  let got = "";
  await new Promise<void>((resolve, reject) => {
    c.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.endsWith("payload")) resolve();
    });
    c.on("error", reject);
    c.on("end", () => reject(new Error(`ended early: ${got}`)));
  });
  const client = { localPort: c.localPort }; // read before destroy() clears it
  c.destroy();
  const nl = got.indexOf("\n");
  return { seen: JSON.parse(got.slice(0, nl)), echo: got.slice(nl + 1), client };
}

describe("PROXY protocol through the relay", () => {
  it("send-proxy v1 tells the backend the real client and the address it reached", async () => {
    const r = await call(port("v1"));
    expect(r.seen.version).toBe(1);
    expect(r.seen.info).toEqual({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "127.0.0.1",
      sourcePort: r.client.localPort,
      destAddress: "127.0.0.1",
      destPort: port("v1"),
    });
    expect(r.echo).toBe("payload");
  });

  it("send-proxy v2 does the same in binary", async () => {
    const r = await call(port("v2"));
    expect(r.seen.version).toBe(2);
    expect(r.seen.info).toMatchObject({ family: "TCP4", sourcePort: r.client.localPort, destPort: port("v2") });
  });

  it("reports IPv6 clients as TCP6", async () => {
    const r = await call(port("v6"), { host: "::1" });
    expect(r.seen.info).toMatchObject({
      family: "TCP6",
      sourceAddress: "::1",
      destAddress: "::1",
      sourcePort: r.client.localPort,
    });
  });

  it("accept-proxy then send-proxy passes the front balancer's client through (v1 in, v2 out)", async () => {
    const front = encodeProxyV1({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "203.0.113.9",
      sourcePort: 1234,
      destAddress: "198.51.100.2",
      destPort: 443,
    });
    const r = await call(port("chain"), { front });
    expect(r.seen.version).toBe(2);
    expect(r.seen.info).toMatchObject({
      family: "TCP4",
      sourceAddress: "203.0.113.9",
      sourcePort: 1234,
      destAddress: "198.51.100.2",
      destPort: 443,
    });
    expect(r.echo).toBe("payload");
  });

  it("passes on a FIN that arrives in the same segment as the header", async () => {
    const front = encodeProxyV1({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "203.0.113.10",
      sourcePort: 10,
      destAddress: "198.51.100.2",
      destPort: 443,
    });
    const c = await connect(port("chain"));
    c.end(Buffer.concat([front, Buffer.from("last words")]));
    let got = "";
    c.on("data", (d: Buffer) => (got += d.toString()));
    await new Promise((r) => c.once("end", r)); // the backend saw our FIN and closed its side
    c.destroy();
    expect(got).toMatch(/"sourceAddress":"203\.0\.113\.10".*\n(last words)$/s);
  });

  it("does not forward the front balancer's TLVs (v2 in, v2 out)", async () => {
    const front = encodeProxyV2({
      command: "PROXY",
      family: "TCP6",
      sourceAddress: "2001:db8::9",
      sourcePort: 999,
      destAddress: "2001:db8::1",
      destPort: 443,
      tlvs: [{ type: 0xea, value: Buffer.from("vpce-0abc") }],
    });
    const r = await call(port("chain"), { front });
    expect(r.seen.info).toMatchObject({ family: "TCP6", sourceAddress: "2001:db8::9", sourcePort: 999 });
    expect(r.seen.info.tlvs).toBeUndefined();
  });

  it("a LOCAL header (front balancer health check) falls back to the real connection", async () => {
    const front = encodeProxyV2({
      command: "LOCAL",
      family: "UNKNOWN",
      sourceAddress: "",
      sourcePort: 0,
      destAddress: "",
      destPort: 0,
    });
    const r = await call(port("chain"), { front });
    expect(r.seen.info).toMatchObject({ command: "PROXY", sourceAddress: "127.0.0.1", sourcePort: r.client.localPort });
  });

  it.each([
    [
      "a malformed v2 header",
      () =>
        encodeProxyV2({
          command: "PROXY",
          family: "TCP4",
          sourceAddress: "1.2.3.4",
          sourcePort: 1,
          destAddress: "5.6.7.8",
          destPort: 2,
          tlvs: [{ type: 5, value: Buffer.from("abc") }],
        }).fill(0xff, 29, 30),
      "PROXY_MALFORMED",
    ],
    ["plain data without a header", () => Buffer.from("GET / HTTP/1.0\r\n\r\n"), "PROXY_BAD_SIGNATURE"],
    ["nothing at all (header timeout)", () => Buffer.alloc(0), "PROXY_TIMEOUT"],
  ] as const)("closes the connection on %s, logs the code and reaches no backend", async (_what, make, code) => {
    const bytes = make();
    const before = backendConnections;
    const c = await connect(port("chain"));
    c.on("error", () => {});
    if (bytes.length) c.write(bytes);
    c.resume();
    await new Promise((r) => (c.once("end", r), c.once("close", r))); // helpers' sockets are half-open: FIN gives 'end'
    c.destroy();
    await until(
      () => log.entries.some((e) => e.event === "close" && e.fields.reason === code),
      5000,
      `a close log with ${code}`,
    );
    expect(backendConnections).toBe(before);
  });
});

import { once } from "node:events";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  decodeProxyHeader,
  encodeProxyV1,
  encodeProxyV2,
  PP2_TYPE_AUTHORITY,
  PP2_TYPE_CRC32C,
  ProxyProtocolError,
  readProxyHeader,
  upstreamProxyHeader,
} from "../../../src/relay/proxy-protocol/index.ts";
import { socketPair } from "../helpers.ts";

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const pair = () => socketPair(cleanup);

async function readAll(sock: net.Socket): Promise<Buffer> {
  const parts: Buffer[] = [];
  sock.on("data", (c: Buffer) => parts.push(c));
  sock.resume(); // readProxyHeader leaves the socket explicitly paused
  await once(sock, "end");
  return Buffer.concat(parts);
}

const info = {
  command: "PROXY" as const,
  family: "TCP4" as const,
  sourceAddress: "203.0.113.7",
  sourcePort: 40000,
  destAddress: "198.51.100.1",
  destPort: 5432,
};

async function rejection(p: Promise<unknown>): Promise<ProxyProtocolError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProxyProtocolError);
  return e as ProxyProtocolError;
}

describe("readProxyHeader on a real socket", () => {
  it("returns the header and leaves the bytes after it for the caller (v2 + payload in one segment)", async () => {
    const { server, client } = await pair();
    client.write(Buffer.concat([encodeProxyV2(info), Buffer.from("hello")]));
    const r = await readProxyHeader(server, 5000);
    expect(r.version).toBe(2);
    expect(r.info).toEqual(info);
    expect(r.rest.toString()).toBe("hello");
    // The socket is paused, nothing was lost: later bytes still reach the next reader.
    expect(server.isPaused()).toBe(true);
    client.end(" world");
    expect((await readAll(server)).toString()).toBe(" world");
  });

  it("assembles a header delivered one byte per segment (v1)", async () => {
    const { server, client } = await pair();
    const bytes = Buffer.concat([encodeProxyV1(info), Buffer.from("X")]);
    const p = readProxyHeader(server, 10_000);
    for (const b of bytes) {
      client.write(Buffer.from([b]));
      await new Promise((r) => setTimeout(r, 2));
    }
    const r = await p;
    expect(r.version).toBe(1);
    expect(r.info).toEqual(info);
    // "X" may or may not have arrived with the last header byte; together with what follows it is intact.
    client.end("YZ");
    expect(Buffer.concat([r.rest, await readAll(server)]).toString()).toBe("XYZ");
  });

  it("verifies a CRC32C TLV and hands TLVs over", async () => {
    const { server, client } = await pair();
    client.write(
      encodeProxyV2({
        ...info,
        tlvs: [
          { type: 0x05, value: Buffer.from("id-1") },
          { type: PP2_TYPE_CRC32C, value: Buffer.alloc(0) },
        ],
      }),
    );
    const r = await readProxyHeader(server, 5000);
    expect(r.info.tlvs?.[0]?.value.toString()).toBe("id-1");
    expect(r.rest.length).toBe(0);
  });

  it("refuses a client that does not speak PROXY on its first bytes, not at the timeout", async () => {
    const { server, client } = await pair();
    client.write("SSH-2.0-OpenSSH_9.2\r\n");
    expect((await rejection(readProxyHeader(server, 20_000))).code).toBe("PROXY_BAD_SIGNATURE");
  });

  it("rejects a malformed v2 header with a TLV overrun", async () => {
    const { server, client } = await pair();
    const bad = encodeProxyV2({ ...info, tlvs: [{ type: 0x05, value: Buffer.from("abcd") }] });
    bad.writeUInt16BE(200, bad.length - 6); // TLV length now overruns the header
    client.write(bad);
    const e = await rejection(readProxyHeader(server, 5000));
    expect(e.code).toBe("PROXY_MALFORMED");
    expect(e.message).toMatch(/TLV 0x5 .* claims 200 bytes/);
  });

  it("times out on a header that never completes", async () => {
    const { server, client } = await pair();
    client.write(encodeProxyV2(info).subarray(0, 20));
    const e = await rejection(readProxyHeader(server, 150));
    expect(e.code).toBe("PROXY_TIMEOUT");
    expect(e.message).toContain("20 byte(s)");
    expect(server.destroyed).toBe(false); // closing is the caller's decision
  });

  it("reports a peer that closes mid-header as truncated", async () => {
    const { server, client } = await pair();
    client.end("PROXY TCP4 1.2.3.4");
    expect((await rejection(readProxyHeader(server, 5000))).code).toBe("PROXY_TRUNCATED");
  });

  it("reports a line without CRLF in 107 bytes as too long", async () => {
    const { server, client } = await pair();
    client.write(`PROXY TCP4 ${"1".repeat(120)}`);
    expect((await rejection(readProxyHeader(server, 5000))).code).toBe("PROXY_TOO_LONG");
  });
});

describe("upstreamProxyHeader", () => {
  it("describes the socket's client, or the front balancer's client without its TLVs, plus SNI as AUTHORITY", async () => {
    const { server, client } = await pair();
    const own = decodeProxyHeader(upstreamProxyHeader("v2", server))!;
    expect(own.info).toEqual({
      command: "PROXY",
      family: "TCP4",
      sourceAddress: "127.0.0.1",
      sourcePort: client.localPort,
      destAddress: "127.0.0.1",
      destPort: server.localPort,
    });
    const front = { ...info, tlvs: [{ type: 0xea, value: Buffer.from("vpce-123") }] };
    const fwd = decodeProxyHeader(upstreamProxyHeader("v2", server, front, "db.example.com"))!;
    expect(fwd.info.sourceAddress).toBe("203.0.113.7");
    expect(fwd.info.tlvs).toEqual([{ type: PP2_TYPE_AUTHORITY, value: Buffer.from("db.example.com") }]);
    expect(upstreamProxyHeader("v1", server, front, "db.example.com").toString()).toBe(
      "PROXY TCP4 203.0.113.7 198.51.100.1 40000 5432\r\n",
    );
    // A LOCAL or UNKNOWN front header falls back to the socket's own endpoints.
    const local = { ...info, command: "LOCAL" as const };
    expect(decodeProxyHeader(upstreamProxyHeader("v1", server, local))!.info.sourcePort).toBe(client.localPort);
  });
});

describe("proxyInfoFromSocket", () => {
  it("reports an IPv4 client of a dual-stack listener as TCP4", async () => {
    const srv = net.createServer();
    srv.listen(0, "::");
    await once(srv, "listening");
    const accepted = once(srv, "connection");
    const client = net.connect((srv.address() as net.AddressInfo).port, "127.0.0.1");
    const [server] = (await accepted) as [net.Socket];
    cleanup.push(() => (client.destroy(), server.destroy(), srv.close()));
    expect(server.remoteAddress).toBe("::ffff:127.0.0.1");
    expect(decodeProxyHeader(upstreamProxyHeader("v1", server))!.info).toMatchObject({
      family: "TCP4",
      sourceAddress: "127.0.0.1",
      destAddress: "127.0.0.1",
    });
  });
});

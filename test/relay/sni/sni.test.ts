import { afterEach, describe, expect, it } from "vitest";
import {
  compileServerNameRules,
  matchServerName,
  peekServerName,
  scanClientHello,
} from "../../../src/relay/sni/index.ts";
import { socketPair } from "../helpers.ts";
import { captureClientHello, clientHelloMessage, records, sniExtension } from "./helpers.ts";

describe("scanClientHello", () => {
  it("finds the server name in a real OpenSSL ClientHello", async () => {
    const hello = await captureClientHello("Alpha.Test");
    expect(scanClientHello(hello)).toEqual({ done: true, serverName: "alpha.test", reason: "sni" });
    // Every strict prefix is "need more", never a wrong answer.
    for (const n of [0, 1, 4, 5, 40, hello.length - 1])
      expect(scanClientHello(hello.subarray(0, n))).toMatchObject({ done: false });
    // It says how long to wait: the record header, then the handshake header, then the whole message.
    expect(scanClientHello(hello.subarray(0, 3))).toEqual({ done: false, needBytes: 5 });
    expect(scanClientHello(hello.subarray(0, 5))).toEqual({ done: false, needBytes: 9 });
    expect(scanClientHello(hello.subarray(0, 9))).toEqual({ done: false, needBytes: hello.length });
  });
  it("reports no SNI for a client that sends none (IP address host)", async () => {
    expect(scanClientHello(await captureClientHello(undefined))).toMatchObject({
      done: true,
      serverName: undefined,
      reason: "no-sni",
    });
  });
  it("reassembles a ClientHello split over several records", () => {
    const msg = clientHelloMessage([Buffer.from([0xff, 0x01, 0, 1, 0]), sniExtension("db.example.com")]);
    for (const size of [1, 3, 4, 50])
      expect(scanClientHello(records(msg, size))).toMatchObject({ serverName: "db.example.com" });
    expect(scanClientHello(records(msg, 3).subarray(0, 60))).toMatchObject({ done: false });
  });
  it("uses the host_name entry and drops a trailing dot", () => {
    expect(scanClientHello(records(clientHelloMessage([sniExtension("WWW.Example.ORG.")])))).toMatchObject({
      serverName: "www.example.org",
    });
  });
  it("handles hellos without extensions or with an empty session id", () => {
    expect(scanClientHello(records(clientHelloMessage(undefined)))).toMatchObject({ reason: "no-sni" });
    expect(scanClientHello(records(clientHelloMessage([sniExtension("a.b")], Buffer.alloc(0))))).toMatchObject({
      serverName: "a.b",
    });
  });
  it.each([
    ["HTTP", Buffer.from("GET / HTTP/1.1\r\n"), "not-tls"],
    ["SSH", Buffer.from("SSH-2.0-x\r\n"), "not-tls"],
    ["an SSLv2-style hello", Buffer.from([0x80, 0x2e, 0x01, 0x03, 0x01]), "not-tls"],
    ["a handshake that is not a ClientHello", records(Buffer.from([0x02, 0, 0, 1, 0])), "not-tls"],
    ["a zero-length record", Buffer.from([0x16, 0x03, 0x01, 0, 0]), "malformed"],
    ["an oversized record", Buffer.from([0x16, 0x03, 0x01, 0x48, 0x01]), "malformed"],
    ["a ClientHello above 16 KiB", records(Buffer.from([0x01, 0x00, 0x50, 0x00])), "too-large"],
    [
      "an extension overrunning the list",
      records(clientHelloMessage([Buffer.from([0, 0, 0x10, 0, 0, 1])])),
      "malformed",
    ],
    ["a name with a NUL byte", records(clientHelloMessage([sniExtension("evil\u0000.com")])), "malformed"],
    ["a name with a slash", records(clientHelloMessage([sniExtension("a/b.com")])), "malformed"],
  ])("gives up on %s without a name (%s)", (_w, bytes, reason) => {
    expect(scanClientHello(bytes)).toEqual({ done: true, serverName: undefined, reason });
  });
  it("rejects a non-handshake record following a fragment", () => {
    const msg = clientHelloMessage([sniExtension("x.test")]);
    const first = records(msg.subarray(0, 10));
    const alert = Buffer.from([0x15, 0x03, 0x03, 0, 2, 2, 40]);
    expect(scanClientHello(Buffer.concat([first, alert]))).toMatchObject({ done: true, reason: "malformed" });
  });
});

describe("matchServerName", () => {
  const rules = [
    { serverNames: ["api.example.com", "*.example.com"], pool: "web" },
    { serverNames: ["*.db.example.com"], pool: "db" },
    { serverNames: ["pg.db.example.com"], pool: "pg" },
    { serverNames: ["*.example.com"], pool: "never" }, // a duplicate pattern: the earlier rule keeps it
  ];
  it.each([
    ["api.example.com", "web"],
    ["API.Example.Com.", "web"],
    ["pg.db.example.com", "pg"], // exact beats any wildcard, even from a later rule
    ["x.db.example.com", "db"], // longest suffix wins over *.example.com
    ["a.b.db.example.com", "db"],
    ["www.example.com", "web"],
    ["example.com", "dflt"], // *.example.com does not match the bare domain
    ["db.example.com", "web"],
    ["example.org", "dflt"],
    [undefined, "dflt"],
  ])("%s -> %s", (name, pool) => {
    expect(matchServerName(rules, name, "dflt")).toBe(pool);
  });
  it("returns undefined without a default pool", () => {
    expect(matchServerName(rules, "nope.test")).toBeUndefined();
    expect(compileServerNameRules(rules)(undefined)).toBeUndefined();
  });
});

describe("peekServerName on a real socket", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));
  const pair = () => socketPair(cleanup);

  it("reads a ClientHello written in small pieces and returns every byte it took", async () => {
    const hello = await captureClientHello("beta.test");
    const { server, client } = await pair();
    const p = peekServerName(server, 10_000);
    for (let at = 0; at < hello.length; at += 7) {
      client.write(hello.subarray(at, at + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
    const r = await p;
    expect(r.serverName).toBe("beta.test");
    expect(r.buffered).toEqual(hello);
    expect(server.isPaused()).toBe(true);
  });
  it("starts from bytes the caller already read (e.g. after a PROXY header)", async () => {
    const hello = records(clientHelloMessage([sniExtension("c.test")]), 20);
    const { server, client } = await pair();
    const p = peekServerName(server, 10_000, hello.subarray(0, 30));
    client.write(hello.subarray(30));
    const r = await p;
    expect(r).toMatchObject({ serverName: "c.test", reason: "sni" });
    expect(r.buffered).toEqual(hello);
  });
  it("answers at once from `initial` alone when it holds the whole hello", async () => {
    const { server } = await pair();
    const hello = records(clientHelloMessage([sniExtension("d.test")]));
    expect(await peekServerName(server, 10_000, hello)).toMatchObject({ serverName: "d.test", buffered: hello });
  });
  it("gives up on plain text immediately, keeping the bytes", async () => {
    const { server, client } = await pair();
    client.write("PING\r\n");
    const r = await peekServerName(server, 20_000);
    expect(r).toMatchObject({ serverName: undefined, reason: "not-tls" });
    expect(r.buffered.toString()).toBe("PING\r\n");
  });
  it("times out on a silent client (server-speaks-first protocols)", async () => {
    const { server } = await pair();
    expect(await peekServerName(server, 100)).toMatchObject({
      serverName: undefined,
      reason: "timeout",
      buffered: Buffer.alloc(0),
    });
    expect(server.destroyed).toBe(false);
  });
  it("stops at a half-close mid-hello with what it has", async () => {
    const { server, client } = await pair();
    client.end(Buffer.from([0x16, 0x03, 0x01, 0x01]));
    const r = await peekServerName(server, 10_000);
    expect(r).toMatchObject({ serverName: undefined, reason: "closed" });
    expect(r.buffered.length).toBe(4);
  });
  it("bounds what it buffers for an endless hello", async () => {
    const { server, client } = await pair();
    const p = peekServerName(server, 10_000);
    // A record header announcing a huge hello, then filler records: the scan stops at the cap.
    client.write(Buffer.from([0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3f, 0xfc]));
    const filler = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x40, 0x00]), Buffer.alloc(0x4000)]);
    for (let i = 0; i < 4 && !server.isPaused(); i++) client.write(filler);
    const r = await p;
    expect(r.serverName).toBeUndefined();
    // The cap (16 KiB hello + 4 KiB) plus at most one socket read (64 KiB).
    expect(r.buffered.length).toBeLessThanOrEqual(20 * 1024 + 64 * 1024);
    expect(server.isPaused()).toBe(true);
  });
});

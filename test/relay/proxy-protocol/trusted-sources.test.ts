/** acceptProxy.trustedSources: only listed networks may send a PROXY header; others are refused before any read. */

import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import type { MemoryLogger } from "../../../src/relay/observability/log.ts";
import { collectSamples } from "../../../src/relay/observability/samples.ts";
import { compileTrustedSources, isTrustedSource } from "../../../src/relay/proxy-protocol/trusted-sources.ts";
import { parseEdgeConfig } from "../../../src/schema/index.ts";
import { closeServer, l4, listen, startRelay, until } from "../helpers.ts";

const FRONT = "PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\n";

function issues(acceptProxy: unknown): string[] {
  const r = parseEdgeConfig({
    version: "1",
    l4: {
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", acceptProxy }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: 1 }] } },
    },
  });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("acceptProxy.trustedSources validation", () => {
  it("accepts IPv4/IPv6 CIDRs, bare addresses and IPv4-mapped IPv6", () => {
    expect(
      issues({
        trustedSources: ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1", "::ffff:10.0.0.0/104", "0.0.0.0/0"],
      }),
    ).toEqual([]);
  });

  it("names the JSON path of each bad entry", () => {
    const bad = [
      "10.0.0.0/33",
      "::1/129",
      "10.0.0.256/8",
      "example.com",
      "10.0.0.0/",
      "10.0.0.0/-1",
      "fe80::1%eth0/64",
      "",
    ];
    const got = issues({ trustedSources: ["127.0.0.1/32", ...bad] });
    expect(got).toEqual(
      bad.map(
        (_, i) =>
          `$.l4.listeners[0].acceptProxy.trustedSources[${i + 1}]: must be an IPv4 or IPv6 address or CIDR block, e.g. 10.0.0.0/8 or 2001:db8::/32`,
      ),
    );
  });

  it("refuses an empty list (it would refuse every connection)", () => {
    expect(issues({ trustedSources: [] })).toEqual([
      expect.stringMatching(
        /^\$\.l4\.listeners\[0\]\.acceptProxy\.trustedSources: an empty list would refuse every connection/,
      ),
    ]);
  });
});

describe("trusted source matching", () => {
  it("matches IPv4 clients as a dual-stack listener reports them (::ffff:a.b.c.d), both ways", () => {
    const v4 = compileTrustedSources(["127.0.0.2/32", "10.0.0.0/8"])!;
    expect(isTrustedSource(v4, "127.0.0.2")).toBe(true);
    expect(isTrustedSource(v4, "::ffff:127.0.0.2")).toBe(true);
    expect(isTrustedSource(v4, "::ffff:10.200.1.1")).toBe(true);
    expect(isTrustedSource(v4, "::ffff:127.0.0.1")).toBe(false);
    expect(isTrustedSource(v4, "127.0.0.1")).toBe(false);
    expect(isTrustedSource(v4, "::1")).toBe(false);
    expect(isTrustedSource(v4, undefined)).toBe(false);
    const mapped = compileTrustedSources(["::ffff:192.0.2.0/120", "2001:db8::/32"])!;
    expect(isTrustedSource(mapped, "192.0.2.77")).toBe(true);
    expect(isTrustedSource(mapped, "192.0.3.1")).toBe(false);
    expect(isTrustedSource(mapped, "2001:db8:ffff::1")).toBe(true);
    expect(isTrustedSource(mapped, "2001:db9::1")).toBe(false);
    expect(compileTrustedSources(undefined)).toBeUndefined();
  });
});

let relay: Relay;
let log: MemoryLogger;
let port: (name?: string) => number;
let backend: net.Server & { port: number };
let backendConnections = 0;

/** Connects (from `localAddress`), sends the front balancer's header and a payload; resolves with what came back before close. */
function talk(p: number, opts: { host?: string; localAddress?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect({
      port: p,
      host: opts.host ?? "127.0.0.1",
      localAddress: opts.localAddress,
      allowHalfOpen: true,
    });
    let got = "";
    c.on("connect", () => c.write(`${FRONT}payload`));
    c.on("data", (d: Buffer) => {
      got += d.toString();
      if (got === "payload") c.end();
    });
    c.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? resolve(got) : reject(e)));
    c.on("end", () => c.end());
    c.on("close", () => resolve(got));
    c.setTimeout(10_000, () => reject(new Error("client timed out")));
  });
}

const section = (trusted: string[], trusted6: string[]) => ({
  listeners: [
    { name: "t", address: "127.0.0.1", port: 0, pool: "p", acceptProxy: { timeoutMs: 5000, trustedSources: trusted } },
    {
      name: "mapped",
      address: "127.0.0.1",
      port: 0,
      pool: "p",
      acceptProxy: { trustedSources: ["::ffff:127.0.0.2/128"] },
    },
    { name: "v6", address: "::1", port: 0, pool: "p", acceptProxy: { trustedSources: trusted6 } },
  ],
  pools: { p: { backends: [{ address: "127.0.0.1", port: backend.port }] } },
});

beforeAll(async () => {
  backend = await listen((s) => {
    backendConnections++;
    s.pipe(s);
  });
  ({ relay, log, port } = await startRelay(section(["127.0.0.2/32"], ["::1/128"])));
});

afterAll(async () => {
  await relay?.shutdown(0);
  if (backend) await closeServer(backend);
});

const rejectedOf = (name: string) =>
  collectSamples(relay).find(
    (s) =>
      s.name === "relay_connections_rejected_total" &&
      s.labels.listener === name &&
      s.labels.reason === "untrusted_proxy_source",
  )?.value;

describe("acceptProxy.trustedSources on real sockets", () => {
  it("refuses a client outside the list before reading, logs why and counts it", async () => {
    const before = backendConnections;
    expect(await talk(port("t"), { localAddress: "127.0.0.1" })).toBe("");
    await until(() => rejectedOf("t") === 1, 10_000, "rejected counter");
    expect(backendConnections).toBe(before);
    const line = log.entries.find((e) => e.event === "reject" && e.fields.listener === "t");
    expect(line).toMatchObject({
      level: "warn",
      fields: {
        reason: "untrusted_proxy_source",
        client: "127.0.0.1",
        error: "source address not in acceptProxy.trustedSources",
      },
    });
  });

  it("relays a client inside the list (header stripped, payload echoed)", async () => {
    const before = backendConnections;
    expect(await talk(port("t"), { localAddress: "127.0.0.2" })).toBe("payload");
    expect(backendConnections).toBe(before + 1);
    expect(rejectedOf("t")).toBe(1);
  });

  it("matches an IPv4 client against an IPv4-mapped IPv6 rule", async () => {
    expect(await talk(port("mapped"), { localAddress: "127.0.0.2" })).toBe("payload");
    expect(await talk(port("mapped"), { localAddress: "127.0.0.1" })).toBe("");
    await until(() => rejectedOf("mapped") === 1, 10_000, "rejected counter");
  });

  it("works for IPv6 clients", async () => {
    expect(await talk(port("v6"), { host: "::1" })).toBe("payload");
    expect(rejectedOf("v6")).toBeUndefined();
  });

  it("a reload changes the list for new connections", async () => {
    await relay.apply(l4(section(["127.0.0.0/8"], ["127.0.0.0/8"])));
    expect(await talk(port("t"), { localAddress: "127.0.0.1" })).toBe("payload");
    expect(await talk(port("v6"), { host: "::1" })).toBe("");
    await until(() => rejectedOf("v6") === 1, 10_000, "rejected counter");
    expect(rejectedOf("t")).toBe(1);
  });
});

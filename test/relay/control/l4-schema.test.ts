import { describe, expect, it } from "vitest";
import { parseEdgeConfig } from "../../../src/schema/index.ts";

function issues(l4: unknown): string[] {
  const r = parseEdgeConfig({ version: "1", l4 });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const pool = { backends: [{ address: "127.0.0.1", port: 6379 }] };

describe("l4 config validation", () => {
  it("accepts a full document and fills defaults", () => {
    const r = parseEdgeConfig({
      version: "1",
      l4: {
        admin: { port: 9190 },
        listeners: [
          {
            name: "redis",
            address: "0.0.0.0",
            port: 6380,
            pool: "redis",
            sendProxy: "v2",
            acceptProxy: {},
            maxConnections: 100,
            overflow: "queue",
          },
          {
            name: "tls",
            address: "0.0.0.0",
            port: 443,
            sni: {
              rules: [{ serverNames: ["a.example.com", "*.b.example.com"], pool: "redis" }],
              defaultPool: "redis",
            },
          },
          { name: "dns", protocol: "udp", address: "0.0.0.0", port: 6380, pool: "redis" },
        ],
        pools: { redis: { ...pool, balance: "hash", health: { send: "PING\r\n", expect: "+PONG" } } },
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const l4 = r.config.l4!;
    expect(l4.listeners[0]!.timeouts).toEqual({
      connectMs: 5000,
      idleMs: 300_000,
      halfClosedMs: 30_000,
      maxDurationMs: 0,
    });
    expect(l4.listeners[0]!.acceptProxy).toEqual({ timeoutMs: 3000 });
    expect(l4.pools.redis!.health).toMatchObject({
      intervalMs: 2000,
      timeoutMs: 1000,
      rise: 2,
      fall: 3,
      encoding: "utf8",
    });
    expect(l4.pools.redis!.backends[0]).toEqual({ address: "127.0.0.1", port: 6379, weight: 1, backup: false });
    expect(l4.admin).toEqual({ address: "127.0.0.1", port: 9190 });
    expect(l4.workers).toBe(1);
  });

  it("names the JSON path of every field error", () => {
    expect(
      issues({ listeners: [{ name: "x", address: "127.0.0.1", port: 70000, pool: "p" }], pools: { p: pool } }),
    ).toEqual(["$.l4.listeners[0].port: Too big: expected number to be <=65535"]);
    const out = issues({
      pools: { p: { backends: [{ address: "bad host!", port: 1, weight: -1 }], balance: "fastest" } },
    });
    expect(out).toContain("$.l4.pools.p.backends[0].address: must be an IP address or host name");
    expect(out.some((i) => i.startsWith("$.l4.pools.p.backends[0].weight:"))).toBe(true);
    expect(out.some((i) => i.startsWith("$.l4.pools.p.balance:"))).toBe(true);
    expect(issues({ pools: { p: { backends: [] } } })).toEqual([
      "$.l4.pools.p.backends: a pool needs at least one backend",
    ]);
    expect(
      issues({
        listeners: [{ name: "x", address: "127.0.0.1", port: 1, pool: "p", colour: "red" }],
        pools: { p: pool },
      })[0],
    ).toMatch(/^\$\.l4\.listeners\[0\]: Unrecognized key/);
  });

  it("checks cross-references, duplicates and protocol limits", () => {
    const out = issues({
      admin: { address: "0.0.0.0", port: 9000 },
      listeners: [
        { name: "a", address: "127.0.0.1", port: 5000, pool: "missing" },
        { name: "a", address: "0.0.0.0", port: 5000, pool: "p" },
        {
          name: "c",
          address: "127.0.0.1",
          port: 5001,
          pool: "p",
          sni: { rules: [{ serverNames: ["x.example"], pool: "nope" }] },
        },
        { name: "d", address: "127.0.0.1", port: 5002 },
        { name: "u", protocol: "udp", address: "127.0.0.1", port: 5000, pool: "p", sendProxy: "v2" },
        { name: "adm", address: "127.0.0.1", port: 9000, pool: "p" },
      ],
      pools: {
        p: {
          backends: [
            { address: "10.0.0.1", port: 1 },
            { address: "10.0.0.1", port: 1 },
          ],
          health: { encoding: "hex", send: "xyz" },
        },
      },
    });
    expect(out).toEqual(
      expect.arrayContaining([
        '$.l4.listeners[0].pool: unknown pool "missing" (not in l4.pools)',
        '$.l4.listeners[1].name: duplicate listener name "a" (also at listeners[0])',
        '$.l4.listeners[1].port: tcp 0.0.0.0:5000 is already bound by listeners[0] ("a")',
        "$.l4.listeners[2]: a listener needs exactly one of `pool` or `sni`",
        '$.l4.listeners[2].sni.rules[0].pool: unknown pool "nope" (not in l4.pools)',
        "$.l4.listeners[3]: a listener needs exactly one of `pool` or `sni`",
        "$.l4.listeners[4].sendProxy: PROXY protocol is supported on TCP listeners only",
        "$.l4.listeners[5].port: 127.0.0.1:9000 is also the admin address",
        '$.l4.pools.p.backends[1]: duplicate backend "10.0.0.1:1" (also at backends[0])',
        "$.l4.pools.p.health.send: must be an even number of hex digits",
      ]),
    );
    // The UDP listener on the same port as a TCP one is fine (different protocol).
    expect(out.some((i) => i.startsWith("$.l4.listeners[4].port"))).toBe(false);
  });

  it("a document without l4 is valid", () => {
    expect(parseEdgeConfig({ version: "1" }).ok).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../src/relay/observability/log.ts";
import { BackendPool } from "../../../src/relay/pool/pool.ts";
import { startUdpListener, type UdpListenerHandle } from "../../../src/relay/udp/index.ts";
import { deadPort, l4, startRelay, until } from "../helpers.ts";
import { type UdpEcho, udpClient, udpEcho } from "./helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A UDP listener on 127.0.0.1:0 in front of the given echo backends, built from a schema-validated config. */
async function udpRelay(
  backends: UdpEcho[] | number[],
  listener: Record<string, unknown> = {},
  pool: Record<string, unknown> = {},
) {
  const ports = backends.map((b) => (typeof b === "number" ? b : b.port));
  const cfg = l4({
    listeners: [{ name: "u", protocol: "udp", address: "127.0.0.1", port: 0, pool: "p", ...listener }],
    pools: { p: { backends: ports.map((port, i) => ({ name: `b${i}`, address: "127.0.0.1", port })), ...pool } },
  });
  const bp = new BackendPool("p", cfg.pools.p!);
  const log = new MemoryLogger();
  const h = await startUdpListener(cfg.listeners[0]!, bp, log);
  cleanups.push(() => h.close());
  for (const b of backends) if (typeof b !== "number") cleanups.push(() => b.close());
  return { h, bp, log, cfg, port: h.address().port };
}

async function clients(n: number, port: number) {
  const cs = await Promise.all(Array.from({ length: n }, () => udpClient(port)));
  cleanups.push(() => Promise.all(cs.map((c) => c.close())).then(() => {}));
  return cs;
}

describe("UDP relay", () => {
  it("returns every reply to the client that asked, each client sticking to one backend", async () => {
    const [a, b] = [await udpEcho("A", 2), await udpEcho("B", 2)]; // two replies per datagram
    const { h, port } = await udpRelay([a, b]);
    const cs = await clients(40, port);
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      cs.forEach((c, i) => c.send(`c${i}-r${r}`));
      await until(() => cs.every((c) => c.replies.length >= 2 * (r + 1)), 15_000, `round ${r} replies`);
    }
    const chosen = cs.map((c, i) => {
      expect(c.replies.length).toBe(2 * rounds);
      const backends = new Set(c.replies.map((m) => m.split("|")[0]));
      expect(backends.size).toBe(1); // affinity for the life of the session
      for (const m of c.replies) expect(m.split("|")[1]).toMatch(new RegExp(`^c${i}-r\\d$`)); // never another client's
      return [...backends][0];
    });
    // Weighted round robin over 40 sessions: both backends take a real share.
    const onA = chosen.filter((x) => x === "A").length;
    expect(onA).toBeGreaterThanOrEqual(10);
    expect(onA).toBeLessThanOrEqual(30);
    // One upstream socket per client session.
    expect(a.peers.size + b.peers.size).toBe(40);
    expect(h.sessions()).toBe(40);
    expect(h.listener.stats.packetsSent).toBe(40 * rounds * 2);
    const sample = (n: string) => h.samples().find((x) => x.name === n)!;
    expect(sample("relay_udp_packets_sent_total")).toEqual({
      name: "relay_udp_packets_sent_total",
      labels: { listener: "u" },
      value: 400,
    });
    expect(sample("relay_udp_packets_received_total").value).toBe(200);
    expect(sample("relay_udp_sessions_active").value).toBe(40);
  });

  it("closes idle sessions, then starts a fresh one on the next datagram", async () => {
    const a = await udpEcho("A");
    const { h, log, port } = await udpRelay([a], { timeouts: { idleMs: 150 } });
    const [c] = await clients(1, port);
    c!.send("one");
    await until(() => c!.replies.length === 1);
    expect(h.sessions()).toBe(1);
    await until(() => h.sessions() === 0, 10_000, "idle expiry");
    const closed = log.entries.find((e) => e.event === "close")!;
    expect(closed.fields).toMatchObject({
      protocol: "udp",
      reason: "idle_timeout",
      packetsFromClient: 1,
      packetsToClient: 1,
      bytesFromClient: 3,
      bytesToClient: 5,
    });
    c!.send("two");
    await until(() => c!.replies.length === 2);
    expect(c!.replies[1]).toBe("A|two");
    expect(a.peers.size).toBe(2); // a new upstream socket for the new session
  });

  it("keeps a session alive while datagrams flow", async () => {
    const a = await udpEcho("A");
    const { h, port } = await udpRelay([a], { timeouts: { idleMs: 400 } });
    const [c] = await clients(1, port);
    for (let i = 0; i < 8; i++) {
      c!.send(`m${i}`);
      await until(() => c!.replies.length === i + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(a.peers.size).toBe(1);
    expect(h.sessions()).toBe(1);
  });

  it("bounds the number of sessions and counts what it drops", async () => {
    const a = await udpEcho("A");
    const { h, log, port } = await udpRelay([a], { maxConnections: 3 });
    const cs = await clients(5, port);
    for (const [i, c] of cs.entries()) {
      c.send(`hi${i}`);
      await until(() => h.listener.stats.packetsReceived === i + 1);
    }
    expect(h.sessions()).toBe(3);
    expect(h.listener.stats.dropped.get("session_limit")).toBe(2);
    expect(h.samples().find((x) => x.name === "relay_udp_dropped_total")).toEqual({
      name: "relay_udp_dropped_total",
      labels: { listener: "u", reason: "session_limit" },
      value: 2,
    });
    await until(() => cs.slice(0, 3).every((c) => c.replies.length === 1));
    expect(log.entries.some((e) => e.event === "udp_drop" && e.fields.reason === "session_limit")).toBe(true);
    expect(cs[3]!.replies.length + cs[4]!.replies.length).toBe(0);
  });

  it("closes a session whose backend port is unreachable and counts it against the backend", async () => {
    const dead = await deadPort(); // TCP port just freed; nothing listens on UDP there either
    const { h, bp, log, port } = await udpRelay([dead]);
    const [c] = await clients(1, port);
    // The kernel reports ICMP port-unreachable on the next operation of the connected socket.
    for (let i = 0; i < 50 && bp.backends[0]!.connectFailuresTotal === 0; i++) {
      c!.send(`probe${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(bp.backends[0]!.connectFailuresTotal).toBeGreaterThan(0);
    expect(
      log.entries.some(
        (e) => e.event === "close" && e.fields.reason === "backend_error" && e.fields.error === "ECONNREFUSED",
      ),
    ).toBe(true);
    await until(() => h.sessions() === 0 || bp.backends[0]!.up === false);
  });

  it("after update(), new clients go to the new pool while open sessions keep their backend", async () => {
    const [a, b] = [await udpEcho("A"), await udpEcho("B")];
    const { h, cfg, port } = await udpRelay([a]);
    const [c1] = await clients(1, port);
    c1!.send("x");
    await until(() => c1!.replies.length === 1);
    const next = l4({ ...cfg, pools: { p: { backends: [{ name: "nb", address: "127.0.0.1", port: b.port }] } } });
    h.update(next.listeners[0]!, new BackendPool("p", next.pools.p!));
    const [c2] = await clients(1, port);
    c2!.send("y");
    c1!.send("z");
    await until(() => c1!.replies.length === 2 && c2!.replies.length === 1);
    expect(c1!.replies).toEqual(["A|x", "A|z"]);
    expect(c2!.replies).toEqual(["B|y"]);
    cleanups.push(() => b.close());
  });

  it("serves IPv6 clients on an IPv6 listener", async () => {
    const a = await udpEcho("A6", 1, "::1");
    const cfg = l4({
      listeners: [{ name: "u6", protocol: "udp", address: "::1", port: 0, pool: "p" }],
      pools: { p: { backends: [{ address: "::1", port: a.port }] } },
    });
    const h: UdpListenerHandle = await startUdpListener(
      cfg.listeners[0]!,
      new BackendPool("p", cfg.pools.p!),
      new MemoryLogger(),
    );
    cleanups.push(
      () => a.close(),
      () => h.close(),
    );
    const c = await udpClient(h.address().port, "::1");
    cleanups.push(() => c.close());
    c.send("v6");
    await until(() => c.replies.length === 1);
    expect(c.replies[0]).toBe("A6|v6");
  });

  it("runs inside the real relay: apply() binds it, shutdown() closes it", async () => {
    const a = await udpEcho("A");
    cleanups.push(() => a.close());
    const { relay, port } = await startRelay({
      listeners: [{ name: "t", protocol: "udp", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: a.port }] } },
    });
    cleanups.push(() => relay.shutdown(0));
    const c = await udpClient(port("t"));
    cleanups.push(() => c.close());
    c.send("via relay");
    await until(() => c.replies.length === 1);
    expect(c.replies[0]).toBe("A|via relay");
    expect(relay.samples().find((s) => s.name === "relay_udp_sessions_active")).toEqual({
      name: "relay_udp_sessions_active",
      labels: { listener: "t" },
      value: 1,
    });
    expect(relay.samples().find((s) => s.name === "relay_udp_packets_received_total")?.value).toBe(1);
  });

  it("on reload, open sessions stay on their backend; closeOnRemove ends those of a removed backend", async () => {
    const [a, b] = [await udpEcho("A"), await udpEcho("B")];
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const listeners = [{ name: "t", protocol: "udp", address: "127.0.0.1", port: 0, pool: "p" }];
    const only = (e: UdpEcho, closeOnRemove = false) => ({
      backends: [{ name: e.name, address: "127.0.0.1", port: e.port }],
      closeOnRemove,
    });
    const { relay, log, port } = await startRelay({ listeners, pools: { p: only(a) } });
    cleanups.push(() => relay.shutdown(0));
    const [c1, c2, c3] = await clients(3, port("t"));
    c1!.send("1");
    await until(() => c1!.replies.length === 1);
    await relay.apply(l4({ listeners, pools: { p: only(b) } })); // A removed, its sessions kept
    c1!.send("2");
    c2!.send("3");
    await until(() => c1!.replies.length === 2 && c2!.replies.length === 1);
    expect(c1!.replies).toEqual(["A|1", "A|2"]);
    expect(c2!.replies).toEqual(["B|3"]);
    // Back to A only, this time closing what B still carries.
    await relay.apply(l4({ listeners, pools: { p: only(a, true) } }));
    await until(() =>
      log.entries.some(
        (e) => e.event === "close" && e.fields.protocol === "udp" && e.fields.reason === "backend_removed",
      ),
    );
    c2!.send("4");
    c3!.send("5");
    await until(() => c2!.replies.length === 2 && c3!.replies.length === 1);
    expect(c2!.replies[1]).toBe("A|4");
    expect(c3!.replies).toEqual(["A|5"]);
    expect(relay.address("t")!.port).toBe(port("t")); // the UDP socket survived both reloads
  });

  it("closeOnRemove ends a session kept from an earlier removal once its backend is removed again", async () => {
    // Issue 10, defect 11 (UDP): A removed (kept), re-added, removed again with closeOnRemove.
    const [a, b] = [await udpEcho("A"), await udpEcho("B")];
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const listeners = [{ name: "t", protocol: "udp", address: "127.0.0.1", port: 0, pool: "p" }];
    const pool = (es: UdpEcho[], closeOnRemove = false) => ({
      backends: es.map((e) => ({ name: e.name, address: "127.0.0.1", port: e.port })),
      balance: "first",
      closeOnRemove,
    });
    const { relay, log, port } = await startRelay({ listeners, pools: { p: pool([a, b]) } });
    cleanups.push(() => relay.shutdown(0));
    const [c1] = await clients(1, port("t"));
    c1!.send("1");
    await until(() => c1!.replies.length === 1);
    expect(c1!.replies).toEqual(["A|1"]);
    await relay.apply(l4({ listeners, pools: { p: pool([b]) } })); // A removed, the session kept
    await relay.apply(l4({ listeners, pools: { p: pool([a, b]) } })); // A back
    await relay.apply(l4({ listeners, pools: { p: pool([b], true) } })); // A removed, closing
    await until(
      () =>
        log.entries.some(
          (e) => e.event === "close" && e.fields.protocol === "udp" && e.fields.reason === "backend_removed",
        ),
      5000,
      "the kept session closed",
    );
    c1!.send("2");
    await until(() => c1!.replies.length === 2);
    expect(c1!.replies[1]).toBe("B|2"); // a new session, on a backend of the pool
  });
});

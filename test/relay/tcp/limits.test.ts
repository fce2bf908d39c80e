import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { blackhole, closeServer, connect, deadPort, listen, once, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function greeter(name: string) {
  const s = await listen((sock) => sock.end(`${name}\n`));
  cleanups.push(() => closeServer(s));
  return s;
}

async function readAll(port: number): Promise<string> {
  const c = await connect(port);
  let text = "";
  c.on("data", (d) => (text += d));
  c.on("error", () => {});
  await Promise.race([once(c, "end"), once(c, "close")]);
  c.destroy();
  return text;
}

async function relay(section: unknown) {
  const r = await startRelay(section);
  cleanups.push(() => r.relay.shutdown(0));
  return r;
}

describe("connect failures, timeouts and limits", () => {
  it("retries a dead port on the next backend and counts it", async () => {
    const live = await greeter("live");
    const dead = await deadPort();
    const {
      port,
      relay: r,
      log,
    } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: {
        p: {
          balance: "first",
          passive: { maxFails: 3 },
          backends: [
            { address: "127.0.0.1", port: dead },
            { address: "127.0.0.1", port: live.port },
          ],
        },
      },
    });
    expect(await readAll(port())).toBe("live\n");
    const [deadB] = r.pools.get("p")!.backends;
    expect(deadB!.connectFailuresTotal).toBe(1);
    expect([...r.tcp.values()][0]!.stats.retriesTotal).toBe(1);
    expect(log.entries.some((e) => e.event === "connect_failed" && e.fields.error === "ECONNREFUSED")).toBe(true);
  });

  it("marks a backend down passively after maxFails and stops trying it", async () => {
    const live = await greeter("live");
    const dead = await deadPort();
    const { port, relay: r } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: {
        p: {
          balance: "first",
          passive: { maxFails: 2, downMs: 60_000 },
          backends: [
            { address: "127.0.0.1", port: dead },
            { address: "127.0.0.1", port: live.port },
          ],
        },
      },
    });
    for (let i = 0; i < 5; i++) expect(await readAll(port())).toBe("live\n");
    const deadB = r.pools.get("p")!.backends[0]!;
    expect(deadB.up).toBe(false);
    expect(deadB.connectFailuresTotal).toBe(2);
  });

  it("closes the client when every attempt fails", async () => {
    const { port, log } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: {
        p: {
          maxConnectAttempts: 2,
          backends: [
            { address: "127.0.0.1", port: await deadPort() },
            { address: "127.0.0.1", port: await deadPort() },
          ],
        },
      },
    });
    expect(await readAll(port())).toBe("");
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "ECONNREFUSED"));
  });

  it("times out a connect to a black-holed address and retries elsewhere", async () => {
    const hole = await blackhole();
    cleanups.push(() => hole.close());
    const live = await greeter("live");
    const {
      port,
      relay: r,
      log,
    } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { connectMs: 300 } }],
      pools: {
        p: {
          balance: "first",
          backends: [
            { address: "127.0.0.1", port: hole.port },
            { address: "127.0.0.1", port: live.port },
          ],
        },
      },
    });
    expect(await readAll(port())).toBe("live\n");
    expect(
      log.entries.some((e) => e.event === "connect_failed" && e.fields.error === "ERR_RELAY_CONNECT_TIMEOUT"),
    ).toBe(true);
    expect(r.pools.get("p")!.backends[0]!.connectFailuresTotal).toBe(1);
  });

  it("closes an idle connection", async () => {
    const server = await listen(() => {});
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { idleMs: 200 } }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    expect(await readAll(port())).toBe("");
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "idle_timeout"));
  });

  it("traffic in either direction keeps a connection from the idle timeout", async () => {
    const server = await listen((s) => {
      s.on("data", () => {});
      const t = setInterval(() => s.write("tick"), 40);
      s.on("close", () => clearInterval(t));
      setTimeout(() => clearInterval(t), 1800); // the backend talks for 1.8 s, then falls silent
    });
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { idleMs: 800 } }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const c = await connect(port());
    c.on("error", () => {});
    let ticks = 0;
    c.on("data", () => ticks++);
    const closed = once(c, "end"); // the relay's FIN when it closes the connection
    await new Promise((r) => setTimeout(r, 1800));
    expect(c.destroyed).toBe(false); // 1.8 s of backend→client traffic, idle timeout 0.8 s
    // Now only the client talks.
    const t = setInterval(() => c.write("tock"), 40);
    await new Promise((r) => setTimeout(r, 1800));
    expect(c.destroyed).toBe(false);
    clearInterval(t);
    await closed; // silence both ways: closed by the idle timeout
    expect(ticks).toBeGreaterThan(5);
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "idle_timeout"));
  });

  it("logConnections: errors logs only abnormal closes, none logs no connection lines", async () => {
    const server = await listen((s) => s.on("end", () => s.end()));
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [
        { name: "t", address: "127.0.0.1", port: 0, pool: "p", logConnections: "errors", timeouts: { idleMs: 1000 } },
        { name: "quiet", address: "127.0.0.1", port: 0, pool: "p", logConnections: "none" },
      ],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const normal = await connect(port());
    normal.end();
    await once(normal, "end");
    expect(await readAll(port())).toBe(""); // left idle: closed by the idle timeout
    const quiet = await connect(port("quiet"));
    quiet.end();
    await once(quiet, "end");
    await until(() => log.entries.some((e) => e.event === "close"));
    await new Promise((r) => setTimeout(r, 100));
    const lines = log.entries.filter((e) => e.event === "open" || e.event === "close");
    expect(lines.map((e) => [e.event, e.fields.listener, e.fields.reason])).toEqual([["close", "t", "idle_timeout"]]);
  });

  it("logConnections: close (default) writes one line per connection at its end, all adds the open line", async () => {
    const server = await listen((s) => s.on("end", () => s.end()));
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [
        { name: "t", address: "127.0.0.1", port: 0, pool: "p" },
        { name: "both", address: "127.0.0.1", port: 0, pool: "p", logConnections: "all" },
      ],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    for (const name of ["t", "both"]) {
      const c = await connect(port(name));
      c.end();
      await once(c, "end");
    }
    await until(() => log.entries.filter((e) => e.event === "close").length === 2);
    const lines = log.entries.filter((e) => e.event === "open" || e.event === "close");
    expect(lines.map((e) => [e.event, e.fields.listener])).toEqual([
      ["close", "t"],
      ["open", "both"],
      ["close", "both"],
    ]);
    expect(lines[0]!.fields).toMatchObject({
      pool: "p",
      retries: 0,
      bytesFromClient: 0,
      bytesToClient: 0,
      reason: "client_fin",
    });
    expect(lines[0]!.fields.client).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("closes a half-closed connection after halfClosedMs", async () => {
    const server = await listen((s) => s.on("data", () => {})); // never answers the FIN
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { halfClosedMs: 200 } }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const c = await connect(port());
    c.on("data", () => {});
    c.end("bye");
    await once(c, "close");
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "half_closed_timeout"));
  });

  it("enforces a maximum connection duration", async () => {
    const server = await listen((s) => s.on("data", () => {}));
    cleanups.push(() => closeServer(server));
    const { port, log } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { maxDurationMs: 300 } }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const c = await connect(port());
    const t = setInterval(() => c.write("x"), 20); // busy, so the idle timeout is not what closes it
    c.on("error", () => {});
    await once(c, "close");
    clearInterval(t);
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "max_duration"));
  });

  it("refuses connections beyond maxConnections", async () => {
    const held: net.Socket[] = [];
    const server = await listen((s) => {
      held.push(s);
      s.on("end", () => s.end());
      s.write("hi");
    });
    cleanups.push(() => closeServer(server));
    const { port, relay: r } = await relay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", maxConnections: 2 }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const a = await connect(port());
    const b = await connect(port());
    await Promise.all([once(a, "data"), once(b, "data")]);
    expect(await readAll(port())).toBe(""); // third: refused
    expect([...r.tcp.values()][0]!.stats.rejected.get("maxconn")).toBe(1);
    // A slot frees up: the next client gets in.
    a.destroy();
    await until(() => r.openConnections() === 1);
    const c = await connect(port());
    expect(String(await once(c, "data"))).toBe("hi");
    b.destroy();
    c.destroy();
  });

  it("queues connections beyond maxConnections briefly when overflow is queue", async () => {
    const server = await listen((s) => {
      s.on("end", () => s.end());
      s.write("hi");
    });
    cleanups.push(() => closeServer(server));
    const { port, relay: r } = await relay({
      listeners: [
        {
          name: "t",
          address: "127.0.0.1",
          port: 0,
          pool: "p",
          maxConnections: 1,
          overflow: "queue",
          queueTimeoutMs: 10_000,
        },
      ],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const a = await connect(port());
    await once(a, "data");
    const b = await connect(port());
    let bGot = "";
    b.on("data", (d) => (bGot += d));
    await new Promise((res) => setTimeout(res, 200));
    expect(bGot).toBe(""); // waiting in the queue
    a.destroy();
    await until(() => bGot === "hi", 10_000, "queued client admitted");
    b.destroy();
    // A queued client whose wait runs out is refused.
    const r2 = await relay({
      listeners: [
        {
          name: "t",
          address: "127.0.0.1",
          port: 0,
          pool: "p",
          maxConnections: 1,
          overflow: "queue",
          queueTimeoutMs: 100,
        },
      ],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    const x = await connect(r2.port());
    await once(x, "data");
    expect(await readAll(r2.port())).toBe("");
    expect([...r2.relay.tcp.values()][0]!.stats.rejected.get("queue_timeout")).toBe(1);
    x.destroy();
    expect(r.openConnections()).toBeLessThanOrEqual(1);
  });
});

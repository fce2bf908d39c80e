import { afterEach, describe, expect, it } from "vitest";
import { closeServer, connect, l4, listen, once, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function echo() {
  const s = await listen((c) => c.pipe(c));
  cleanups.push(() => closeServer(s));
  return s;
}

// Port 0 listeners are identified by name across reloads, so every apply keeps the same socket.
const section = (name: string, ports: number[], extra: Record<string, unknown> = {}) => ({
  listeners: [{ name, address: "127.0.0.1", port: 0, pool: "p" }],
  pools: { p: { backends: ports.map((port) => ({ address: "127.0.0.1", port })), ...extra } },
});

describe("Relay.apply (reload semantics)", () => {
  it("closes connections of a removed backend when closeOnRemove is set, keeps them otherwise", async () => {
    const a = await echo();
    const b = await echo();
    const { relay, port, log } = await startRelay(section("t", [a.port, b.port], { balance: "first" }));
    cleanups.push(() => relay.shutdown(0));
    const p = port();
    const keep = await connect(p);
    keep.write("1");
    await once(keep, "data");
    // Remove a without closeOnRemove: the open connection keeps working.
    await relay.apply(l4({ ...section("t", [b.port], { balance: "first" }) }));
    keep.write("2");
    expect(String(await once(keep, "data"))).toBe("2");
    // Bring a back, connect, then remove it with closeOnRemove: that connection is closed.
    await relay.apply(l4(section("t", [a.port, b.port], { balance: "first" })));
    const doomed = await connect(p);
    doomed.on("error", () => {});
    doomed.write("3");
    await once(doomed, "data");
    const ended = once(doomed, "end");
    await relay.apply(l4(section("t", [b.port], { balance: "first", closeOnRemove: true })));
    await ended;
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.reason === "backend_removed"));
    keep.destroy();
  });

  it("closeOnRemove closes a connection kept from an earlier removal once its backend is removed again", async () => {
    // Issue 10, defect 11: removed (kept), re-added, removed again with closeOnRemove: the kept
    // connection must not stay open on a backend that is no longer in the pool.
    const a = await echo();
    const b = await echo();
    const { relay, port } = await startRelay(section("t", [a.port, b.port], { balance: "first" }));
    cleanups.push(() => relay.shutdown(0));
    const kept = await connect(port());
    kept.on("error", () => {});
    kept.write("1");
    await once(kept, "data"); // on a (balance first)
    await relay.apply(l4(section("t", [b.port], { balance: "first" }))); // a removed, kept
    await relay.apply(l4(section("t", [a.port, b.port], { balance: "first" }))); // a back
    const ended = once(kept, "end");
    await relay.apply(l4(section("t", [b.port], { balance: "first", closeOnRemove: true })));
    await ended;
    // The pool no longer counts it either.
    await until(() => relay.openConnections() === 0);
  });

  it("closeOnRemove switched on later closes what earlier removals kept", async () => {
    const a = await echo();
    const b = await echo();
    const { relay, port } = await startRelay(section("t", [a.port, b.port], { balance: "first" }));
    cleanups.push(() => relay.shutdown(0));
    const kept = await connect(port());
    kept.on("error", () => {});
    kept.write("1");
    await once(kept, "data");
    await relay.apply(l4(section("t", [b.port], { balance: "first" }))); // a removed, kept
    const ended = once(kept, "end");
    await relay.apply(l4(section("t", [b.port], { balance: "first", closeOnRemove: true })));
    await ended;
  });

  it("keeps the old config when a new listener cannot bind", async () => {
    const a = await echo();
    const taken = await listen(() => {});
    cleanups.push(() => closeServer(taken));
    const { relay, port } = await startRelay(section("t", [a.port]));
    cleanups.push(() => relay.shutdown(0));
    const next = l4({
      listeners: [
        { name: "t", address: "127.0.0.1", port: 0, pool: "p" },
        { name: "clash", address: "127.0.0.1", port: taken.port, pool: "p" },
      ],
      pools: {
        p: { backends: [{ address: "127.0.0.1", port: a.port }] },
        extra: { backends: [{ address: "127.0.0.1", port: 1 }] },
      },
    });
    await expect(relay.apply(next)).rejects.toMatchObject({ code: "EADDRINUSE", port: taken.port });
    expect(relay.pools.has("extra")).toBe(false);
    expect(relay.tcp.size).toBe(1);
    const c = await connect(port());
    c.write("ok");
    expect(String(await once(c, "data"))).toBe("ok");
    c.destroy();
  });

  it("drains on shutdown: open connections may finish within the drain time", async () => {
    const a = await echo();
    const { relay, port } = await startRelay(section("t", [a.port]));
    const p = port();
    const c = await connect(p);
    c.write("x");
    await once(c, "data");
    const done = relay.shutdown(5000);
    // No new connections are accepted while draining.
    await expect(connect(p)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    // The open one still works, then finishes.
    c.write("y");
    expect(String(await once(c, "data"))).toBe("y");
    c.end();
    await done;
    expect(relay.openConnections()).toBe(0);
  });
});

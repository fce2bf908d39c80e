import { afterEach, describe, expect, it } from "vitest";
import { Backend } from "../../../src/relay/pool/backend.ts";
import { checkBackend } from "../../../src/relay/pool/health.ts";
import { closeServer, connect, listen, once, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A tiny line service: answers PING with +PONG while `healthy`, otherwise -ERR; echoes anything else. */
function pingServer(port = 0) {
  const state = { healthy: true };
  return listen(
    (c) => c.on("data", (d) => c.write(String(d).startsWith("PING") ? (state.healthy ? "+PONG\r\n" : "-ERR\r\n") : d)),
    port,
  ).then((s) => Object.assign(s, { state }));
}

const health = { intervalMs: 50, timeoutMs: 500, rise: 2, fall: 2, send: "PING\r\n", expect: "+PONG" };

describe("active health checks", () => {
  it("send/expect passes on the right reply and fails on a wrong one, a closed port or a timeout", async () => {
    const good = await pingServer();
    const wrong = await listen((s) => s.write("-ERR\r\n"));
    const silent = await listen(() => {});
    cleanups.push(
      () => closeServer(good),
      () => closeServer(wrong),
      () => closeServer(silent),
    );
    const b = (port: number) => new Backend({ address: "127.0.0.1", port, weight: 1, backup: false });
    const h = { ...health, encoding: "utf8" as const, timeoutMs: 300 };
    expect((await checkBackend(b(good.port), h)).ok).toBe(true);
    expect(await checkBackend(b(wrong.port), h)).toEqual({
      ok: false,
      detail: "expected bytes not seen within 300 ms",
    });
    const banner = await listen((s) => {
      s.write("220 banner first\r\n");
      s.on("data", () => s.write("+PONG\r\n"));
    });
    cleanups.push(() => closeServer(banner));
    expect((await checkBackend(b(banner.port), h)).ok).toBe(true);
    expect(await checkBackend(b(silent.port), h)).toEqual({ ok: false, detail: "timeout after 300 ms" });
    await closeServer(silent);
    expect(await checkBackend(b(silent.port), h)).toEqual({ ok: false, detail: "ECONNREFUSED" });
    // Hex encoding: the same bytes spelled in hex.
    const hex = {
      ...h,
      encoding: "hex" as const,
      send: Buffer.from("PING\r\n").toString("hex"),
      expect: Buffer.from("+PONG").toString("hex"),
    };
    expect((await checkBackend(b(good.port), hex)).ok).toBe(true);
  });

  it("marks a backend down after `fall` failures, up after `rise` successes, and closes its connections when configured", async () => {
    const a = await pingServer();
    const bsrv = await pingServer();
    cleanups.push(
      () => closeServer(bsrv),
      () => closeServer(a),
    );
    const { relay, port, log } = await startRelay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: {
        p: {
          balance: "first",
          health,
          closeOnDown: true,
          backends: [
            { name: "a", address: "127.0.0.1", port: a.port },
            { name: "b", address: "127.0.0.1", port: bsrv.port },
          ],
        },
      },
    });
    cleanups.push(() => relay.shutdown(0));
    const pool = relay.pools.get("p")!;
    const [ba, bb] = pool.backends;
    // A client on backend a (first).
    const c = await connect(port());
    c.on("error", () => {});
    const cEnded = once(c, "end");
    c.write("hello");
    expect(String(await once(c, "data"))).toBe("hello");
    expect(ba!.active).toBe(1);
    // a turns unhealthy (its open connection still works): two failed checks mark it down and,
    // with closeOnDown, the relay closes the connection it carries.
    a.state.healthy = false;
    await until(() => !ba!.up, 10_000, "backend a down");
    await cEnded;
    expect(log.entries.find((e) => e.event === "backend_down")?.fields).toMatchObject({ pool: "p", backend: "a" });
    expect(log.entries.find((e) => e.event === "backend_connections_closed")?.fields).toMatchObject({
      backend: "a",
      count: 1,
    });
    // New clients go to b.
    const c2 = await connect(port());
    c2.write("PING\r\n");
    expect(String(await once(c2, "data"))).toBe("+PONG\r\n");
    expect(bb!.active).toBe(1);
    c2.destroy();
    // a recovers: up again after `rise` passes.
    a.state.healthy = true;
    await until(() => ba!.up, 10_000, "backend a up");
    expect(log.entries.some((e) => e.event === "backend_up" && e.fields.backend === "a")).toBe(true);
  });
});

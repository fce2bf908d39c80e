import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import { describeWithTools } from "../../helpers/system-tools.ts";
import { connect, deadPort, startRelay, until } from "../helpers.ts";

const describe = describeWithTools("redis-server");

// A real non-HTTP protocol end to end: redis-server behind the relay, driven by the redis npm client.
let redis: ChildProcess;
let redisPort: number;
let relay: Relay;
let relayPort: number;

beforeAll(async () => {
  redisPort = await deadPort();
  redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  await waitForPort(redisPort);
  const r = await startRelay({
    listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "redis" }],
    pools: {
      redis: {
        health: { intervalMs: 200, send: "PING\r\n", expect: "+PONG" },
        backends: [{ address: "127.0.0.1", port: redisPort }],
      },
    },
  });
  relay = r.relay;
  relayPort = r.port();
});

afterAll(async () => {
  await relay?.shutdown(0);
  redis?.kill("SIGKILL");
});

async function waitForPort(port: number) {
  for (let i = 0; i < 300; i++) {
    if (redis.exitCode !== null) throw new Error(`redis-server exited with ${redis.exitCode}`);
    try {
      (await connect(port)).destroy();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`port ${port} never opened`);
}

describe("redis-server behind the relay", () => {
  it("serves commands, pipelines and large values through the relay", async () => {
    const client = createClient({ url: `redis://127.0.0.1:${relayPort}` });
    client.on("error", () => {});
    await client.connect();
    expect(await client.ping()).toBe("PONG");
    await client.set("greeting", "hello");
    expect(await client.get("greeting")).toBe("hello");
    // Pipelining: a thousand commands in flight at once.
    const n = 1000;
    await Promise.all(Array.from({ length: n }, (_, i) => client.set(`k${i}`, String(i * 7))));
    const values = await Promise.all(Array.from({ length: n }, (_, i) => client.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: n }, (_, i) => String(i * 7)));
    expect(await client.incrBy("counter", 5)).toBe(5);
    // A 4 MiB value survives byte for byte.
    const big = randomBytes(4 * 1024 * 1024).toString("base64");
    await client.set("big", big);
    expect(await client.get("big")).toBe(big);
    await client.close();
  });

  it("handles a connection per request", async () => {
    for (let i = 0; i < 30; i++) {
      const c = createClient({ url: `redis://127.0.0.1:${relayPort}` });
      c.on("error", () => {});
      await c.connect();
      expect(await c.incr("per-conn")).toBe(i + 1);
      await c.close();
    }
    await until(() => relay.openConnections() === 0, 10_000, "all relayed connections closed");
    const st = [...relay.tcp.values()][0]!.stats;
    expect(st.connectionsTotal).toBeGreaterThanOrEqual(31);
  });

  it("delivers pub/sub messages (server pushes) through the relay", async () => {
    const sub = createClient({ url: `redis://127.0.0.1:${relayPort}` });
    const pub = createClient({ url: `redis://127.0.0.1:${relayPort}` });
    sub.on("error", () => {});
    pub.on("error", () => {});
    await Promise.all([sub.connect(), pub.connect()]);
    const got: string[] = [];
    await sub.subscribe("news", (m) => void got.push(m));
    for (let i = 0; i < 5; i++) await pub.publish("news", `m${i}`);
    await until(() => got.length === 5, 10_000, "5 messages");
    expect(got).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    await Promise.all([sub.close(), pub.close()]);
    expect(relay.pools.get("redis")!.backends[0]!.up).toBe(true);
  });
});

import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import { RawSession } from "../../../src/relay/tcp/raw/session.ts";
import { TcpSession } from "../../../src/relay/tcp/session.ts";
import { closeServer, connect, listen, once, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The `relay-fallback` vitest project runs this file again with RELAY_FAST_PATH=off. */
const fast = process.env.RELAY_FAST_PATH !== "off";

function sessionOf(relay: Relay, listener: string) {
  return [...[...relay.tcp.values()].find((t) => t.config.name === listener)!.sessions][0];
}

async function echoRelay(listeners: Record<string, unknown>[], backendAddress = "127.0.0.1") {
  const server = await listen((s) => s.pipe(s));
  const r = await startRelay({
    listeners,
    pools: {
      p: { backends: [{ address: "127.0.0.1", port: server.port }] },
      named: {
        backends: [{ address: backendAddress === "127.0.0.1" ? "localhost" : backendAddress, port: server.port }],
      },
    },
  });
  cleanups.push(
    () => r.relay.shutdown(0),
    () => closeServer(server),
  );
  return r;
}

async function roundTrip(c: net.Socket, text: string): Promise<void> {
  c.write(text);
  const got = await once<Buffer>(c, "data");
  expect(String(got)).toBe(text);
}

describe(`raw handle path (${fast ? "fast path" : "fallback: net.Socket only"})`, () => {
  it("carries plain pass-through listeners of IP-address backends; host-name pools keep net.Socket", async () => {
    const r = await echoRelay([
      { name: "t", address: "127.0.0.1", port: 0, pool: "p" },
      { name: "named", address: "127.0.0.1", port: 0, pool: "named" },
    ]);
    const plain = await connect(r.port("t"));
    const named = await connect(r.port("named"));
    cleanups.push(
      () => void plain.destroy(),
      () => void named.destroy(),
    );
    await roundTrip(plain, "ping");
    await roundTrip(named, "pong");
    expect(sessionOf(r.relay, "t")).toBeInstanceOf(fast ? RawSession : TcpSession);
    expect(sessionOf(r.relay, "named")).toBeInstanceOf(TcpSession);
  });

  it("counts bytes, names the client and closes on the second FIN with the close line", async () => {
    const r = await echoRelay([{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }]);
    const c = await connect(r.port());
    const port = c.localPort;
    await roundTrip(c, "hello");
    c.end();
    await once(c, "end");
    await until(() => r.log.entries.some((e) => e.event === "close"));
    const line = r.log.entries.find((e) => e.event === "close")!.fields;
    expect(line).toMatchObject({
      listener: "t",
      client: `127.0.0.1:${port}`,
      backend: expect.any(String),
      bytesFromClient: 5,
      bytesToClient: 5,
      reason: "client_fin",
    });
    expect(r.relay.openConnections()).toBe(0);
  });

  it("leaves connections beyond maxConnections to the queue, then relays them", async () => {
    const r = await echoRelay([
      {
        name: "t",
        address: "127.0.0.1",
        port: 0,
        pool: "p",
        maxConnections: 1,
        overflow: "queue",
        queueTimeoutMs: 5000,
      },
    ]);
    const first = await connect(r.port());
    await roundTrip(first, "one");
    const second = await connect(r.port());
    second.write("two");
    // Queued behind the first: nothing comes back until the first closes.
    const answer = once<Buffer>(second, "data");
    first.end();
    expect(String(await answer)).toBe("two");
    second.destroy();
  });
});

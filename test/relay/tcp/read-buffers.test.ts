import { createHash, type Hash, randomBytes } from "node:crypto";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import { directWrites } from "../../../src/relay/tcp/direct-write.ts";
import { RawSession } from "../../../src/relay/tcp/raw/session.ts";
import type { Relayed } from "../../../src/relay/tcp/relayed.ts";
import type { TcpSession } from "../../../src/relay/tcp/session.ts";
import { closeServer, connect, drain, listen, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MiB = 1024 * 1024;
/** The `relay-fallback` vitest project runs this file again with RELAY_FAST_PATH=off. */
const fast = process.env.RELAY_FAST_PATH !== "off";

/** Size of the buffer a socket reads into (Node's private onread slot), 0 if it reads through the stream API. */
function readBufferSize(s: net.Socket | undefined): number {
  if (!s) return 0;
  const slot = Object.getOwnPropertySymbols(s).find((k) => k.description === "kBuffer");
  const b = slot && (s as unknown as Record<symbol, unknown>)[slot];
  return b instanceof Uint8Array ? b.length : 0;
}

/** Writes `total` random bytes with backpressure, adding them to `h`. */
async function send(s: net.Socket, total: number, h: Hash): Promise<void> {
  for (let sent = 0; sent < total; sent += 64 * 1024) {
    const b = randomBytes(64 * 1024);
    h.update(b);
    if (!s.write(b)) await new Promise<void>((r) => s.once("drain", () => r()));
  }
}

/** The read buffer sizes of both sides: user buffers of the raw path or of net.Socket sides (fast path), else 0. */
function readBufferSizes(s: Relayed | undefined): [number, number] {
  if (s instanceof RawSession) return [s.client.buf?.length ?? 0, s.backend?.buf?.length ?? 0];
  const t = s as TcpSession | undefined;
  return [readBufferSize(t?.client), readBufferSize(t?.backend)];
}

function onlySession(relay: Relay): Relayed | undefined {
  return [...[...relay.tcp.values()][0]!.sessions][0];
}

describe(`relay read buffers and direct writes (${fast ? "fast path" : "fallback: socket.write"})`, () => {
  it(
    fast ? "writes relayed chunks straight to the peer's handle on this Node" : "writes through socket.write",
    async () => {
      // A relay applies the switch at start: the data-path tests then exercise the path this mode names.
      const r = await startRelay({ listeners: [], pools: {} });
      cleanups.push(() => r.relay.shutdown(0));
      expect(directWrites()).toBe(fast);
    },
  );

  it("relays request/response messages of repeating sizes exactly (reused partial views)", async () => {
    // An echo backend; messages repeat sizes with different bytes, one at a time. A 356-byte one is
    // read as 256 (filling the idle buffer) + 100 into a new, larger buffer; a run of small reads
    // then brings the idle size back. A view kept across those switches would send stale bytes.
    const server = await listen((s) => s.pipe(s));
    const r = await startRelay({
      listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    cleanups.push(
      () => r.relay.shutdown(0),
      () => closeServer(server),
    );
    const c = await connect(r.port());
    let want = 0;
    let pending: ((b: Buffer) => void) | undefined;
    let got = Buffer.alloc(0);
    c.on("data", (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (pending && got.length >= want) {
        const msg = Buffer.from(got.subarray(0, want));
        got = got.subarray(want);
        const p = pending;
        pending = undefined;
        p(msg);
      }
    });
    const sizes = [100, 100, 356, 100, 100, 100, 100, 100, 100, 100, 100, 100, 99];
    for (let i = 0; i < 350; i++) {
      const msg = randomBytes(sizes[i % sizes.length]!);
      want = msg.length;
      const echoed = new Promise<Buffer>((res) => (pending = res));
      c.write(msg);
      expect((await echoed).equals(msg)).toBe(true);
    }
    c.destroy();
  });

  it("grows read buffers for a sustained transfer and gives them back once the connection idles", async () => {
    const got: Promise<{ sha: string; bytes: number }>[] = [];
    let backend: net.Socket | undefined;
    const server = await listen((s) => {
      backend = s;
      s.pause(); // let the client's bytes pile up, so the relay's reads come back full
      got.push(drain(s));
    });
    // connectMs 400 makes the sweep period 50 ms; the connection idles for many periods below.
    const r = await startRelay({
      listeners: [
        { name: "t", address: "127.0.0.1", port: 0, pool: "p", timeouts: { connectMs: 400, idleMs: 60_000 } },
      ],
      pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
    });
    cleanups.push(
      () => r.relay.shutdown(0),
      () => closeServer(server),
    );
    const c = await connect(r.port());
    c.on("data", () => {});
    const sent = createHash("sha256");
    const first = send(c, 8 * MiB, sent);
    await until(() => backend !== undefined && onlySession(r.relay) !== undefined);
    let largest = 0;
    const watch = setInterval(() => (largest = Math.max(largest, readBufferSizes(onlySession(r.relay))[0])), 1);
    await new Promise((res) => setTimeout(res, 100));
    backend!.resume();
    await first;
    clearInterval(watch);
    // The fallback reads through the stream API: no user buffer at all.
    if (fast) expect(largest).toBeGreaterThan(256);
    else expect(largest).toBe(0);
    // Quiet now: within a few sweep periods both sockets read into small buffers again.
    const session = onlySession(r.relay)!;
    await until(() => readBufferSizes(session).every((n) => n <= 256), 10_000, "small buffers after idling");
    // And the connection still relays byte-exact after the switch.
    await send(c, 2 * MiB, sent);
    c.end();
    expect(await got[0]!).toEqual({ sha: sent.digest("hex"), bytes: 10 * MiB });
  });
});

import { createHash, randomBytes } from "node:crypto";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Relay } from "../../../src/relay/control/relay.ts";
import { RawSession } from "../../../src/relay/tcp/raw/session.ts";
import type { Relayed } from "../../../src/relay/tcp/relayed.ts";
import type { TcpSession } from "../../../src/relay/tcp/session.ts";
import { closeServer, connect, drain, listen, once, sendRandom, startRelay, until } from "../helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function relayTo(server: net.Server & { port: number }, extra: Record<string, unknown> = {}) {
  const r = await startRelay({
    listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p", ...extra }],
    pools: { p: { backends: [{ address: "127.0.0.1", port: server.port }] } },
  });
  cleanups.push(
    () => r.relay.shutdown(0),
    () => closeServer(server),
  );
  return r;
}

const MiB = 1024 * 1024;

/** Bytes the relay holds for a connection toward the client: queued in libuv (raw path) or in the streams. */
function bufferedBytes(s: Relayed): number {
  if (s instanceof RawSession) return (s.client.handle.writeQueueSize ?? 0) + (s.backend?.handle.writeQueueSize ?? 0);
  const t = s as TcpSession;
  return t.client.writableLength + t.backend!.readableLength;
}

function backendBytesRead(s: Relayed): number {
  return s instanceof RawSession ? (s.backend?.bytesRead ?? 0) : (s as TcpSession).backend!.bytesRead;
}

describe("tcp relay data path", () => {
  it("relays a large random stream byte-exact in both directions at once", async () => {
    let backendSide: Promise<{ sha: string; bytes: number; sentSha: string }> | undefined;
    const server = await listen((s) => {
      backendSide = (async () => {
        const [got, sentSha] = await Promise.all([drain(s), sendRandom(s, 16 * MiB).then((h) => (s.end(), h))]);
        return { ...got, sentSha };
      })();
    });
    const { port } = await relayTo(server);
    const c = await connect(port());
    const [clientGot, clientSentSha] = await Promise.all([drain(c), sendRandom(c, 24 * MiB).then((h) => (c.end(), h))]);
    await until(() => backendSide !== undefined);
    const b = await backendSide!;
    expect(b.bytes).toBe(24 * MiB);
    expect(b.sha).toBe(clientSentSha);
    expect(clientGot.bytes).toBe(16 * MiB);
    expect(clientGot.sha).toBe(b.sentSha);
  });

  it("stays byte-exact with a stop-and-go reader (partial writes, buffer hand-over)", async () => {
    let backendGot: Promise<{ sha: string; bytes: number }> | undefined;
    const server = await listen((s) => {
      backendGot = drain(s);
      // Pause at random moments so the relay's writes stay pending while it keeps reading.
      let n = 0;
      s.on("data", () => {
        if (++n % 7 === 0) {
          s.pause();
          setTimeout(() => s.resume(), 2);
        }
      });
      s.on("end", () => s.end());
    });
    const { port } = await relayTo(server);
    const c = await connect(port());
    c.on("data", () => {});
    const sha = await sendRandom(c, 32 * MiB, 200_000);
    c.end();
    await until(() => backendGot !== undefined);
    expect(await backendGot!).toEqual({ sha, bytes: 32 * MiB });
  });

  it("passes a client FIN through while the backend keeps sending", async () => {
    const server = await listen((s) => {
      let got = "";
      s.on("data", (d) => (got += d));
      s.on("end", async () => {
        // The client is done; the backend answers afterwards over the still-open direction.
        s.write(`got:${got};`);
        await new Promise((r) => setTimeout(r, 50));
        s.end("bye");
      });
    });
    const { port } = await relayTo(server);
    const c = await connect(port());
    const body = drain(c);
    c.end("hello");
    const reply = await body;
    expect(reply.bytes).toBe("got:hello;bye".length);
  });

  it("passes a backend FIN through while the client keeps sending", async () => {
    let received: Promise<{ sha: string; bytes: number }> | undefined;
    const server = await listen((s) => {
      received = drain(s);
      s.end("server done");
    });
    const { port } = await relayTo(server);
    const c = await connect(port());
    let text = "";
    c.on("data", (d) => (text += d));
    await once(c, "end");
    expect(text).toBe("server done");
    // Our direction is still open: send more after the backend's FIN.
    const sha = await sendRandom(c, 2 * MiB);
    c.end();
    const got = await received!;
    expect(got).toEqual({ sha, bytes: 2 * MiB });
  });

  it("delivers a large answer sent with the second FIN completely, then ends cleanly", async () => {
    // Both directions end: the relay closes both sockets itself (no shutdown call), which must
    // neither cut the answer short nor reset the client.
    const answer = randomBytes(8 * MiB);
    const server = await listen((s) => s.on("end", () => s.end(answer)).resume());
    const { port, log } = await relayTo(server);
    const c = await connect(port());
    let error: Error | undefined;
    c.on("error", (e) => (error = e));
    const got = drain(c);
    c.end("request");
    expect(await got).toEqual({ sha: createHash("sha256").update(answer).digest("hex"), bytes: 8 * MiB });
    await until(() => log.entries.some((e) => e.event === "close"));
    expect(log.entries.find((e) => e.event === "close")!.fields).toMatchObject({
      reason: "client_fin",
      bytesToClient: 8 * MiB,
    });
    expect(error).toBeUndefined();
  });

  it("lets the server speak first", async () => {
    const server = await listen((s) => s.write("220 ready\r\n"));
    const { port } = await relayTo(server);
    const c = await connect(port());
    const [banner] = await once<Buffer[]>(c, "data").then((d) => [String(d)]);
    expect(banner).toBe("220 ready\r\n");
    c.destroy();
  });

  it("bounds buffering when the client does not read 50 MiB", async () => {
    let serverWritten = 0;
    let serverSocket: net.Socket | undefined;
    const total = 50 * MiB;
    // Distinct chunks (a counter stamped into random bytes), so a reused buffer would show in the hash.
    const base = randomBytes(64 * 1024);
    const sent = createHash("sha256");
    const server = await listen((s) => {
      serverSocket = s;
      const pump = () => {
        while (serverWritten < total) {
          const chunk = Buffer.from(base);
          chunk.writeUInt32BE(serverWritten / chunk.length, 0);
          sent.update(chunk);
          serverWritten += chunk.length;
          if (!s.write(chunk)) return void s.once("drain", pump);
        }
        s.end();
      };
      pump();
    });
    const { relay, port } = await relayTo(server);
    const c = await connect(port());
    c.pause();
    // Let the pipeline fill up: the kernel buffers and the relay's buffers, then stall.
    let maxBuffered = 0;
    const sample = (r: Relay) => {
      for (const t of r.tcp.values()) for (const s of t.sessions) maxBuffered = Math.max(maxBuffered, bufferedBytes(s));
    };
    let last = -1;
    let stable = 0;
    while (stable < 20) {
      await new Promise((r) => setTimeout(r, 25));
      sample(relay);
      const session = [...[...relay.tcp.values()][0]!.sessions][0];
      const read = session ? backendBytesRead(session) : 0;
      stable = read === last ? stable + 1 : 0;
      last = read;
    }
    const session = [...[...relay.tcp.values()][0]!.sessions][0]!;
    // The relay stopped reading from the backend long before 50 MiB: only socket buffers are in flight.
    expect(backendBytesRead(session)).toBeLessThan(total / 2);
    expect(maxBuffered).toBeLessThan(1 * MiB);
    expect(serverWritten).toBeLessThan(total);
    // Now read everything: flow control resumes and every byte arrives.
    const got = await drain(c.resume());
    expect(got.bytes).toBe(total);
    expect(got.sha).toBe(sent.digest("hex"));
    expect(serverSocket).toBeDefined();
  });

  it("closes the client promptly when the backend dies mid-stream", async () => {
    const server = await listen((s) => {
      s.write(randomBytes(256 * 1024));
      setTimeout(() => s.resetAndDestroy(), 50);
    });
    const { port, log } = await relayTo(server);
    const c = await connect(port());
    c.on("data", () => {});
    c.on("error", () => {});
    await once(c, "close");
    await until(() =>
      log.entries.some((e) => e.event === "close" && String(e.fields.reason).startsWith("backend_error")),
    );
  });

  it("closes the backend promptly when the client resets", async () => {
    let backendClosed: Promise<unknown> | undefined;
    const server = await listen((s) => {
      backendClosed = once(s, "close");
      s.on("data", () => {});
    });
    const { port, relay } = await relayTo(server);
    const c = await connect(port());
    c.write("x");
    await until(() => backendClosed !== undefined);
    c.resetAndDestroy();
    await backendClosed;
    await until(() => relay.openConnections() === 0);
  });
});

/**
 * Soak clients (a process of their own), driven by the orchestrator over IPC:
 *   {cmd:"open", port, n}         opens n connections through the relay and holds them
 *   {cmd:"transfer", bytes}       each held connection sends `bytes` (distinct streams), FIN, and
 *                                 checks the echo's SHA-256 and length; then it is closed
 *   {cmd:"slow", port, n, bytes}  opens n connections that send their first chunk, then wait
 *   {cmd:"finish"}                the slow ones send the rest in 16 KiB steps, FIN, and check
 * Every reply carries `id` (the request's) so the parent can await it.
 */
import { createHash, type Hash, randomBytes } from "node:crypto";
import net from "node:net";

const POOL = randomBytes(4 << 20);
const CHUNK = 64 * 1024;

interface Conn {
  s: net.Socket;
  got: Hash;
  recv: number;
  ended: Promise<void>;
  error?: string;
}
let held: Conn[] = [];
let slow: { c: Conn; bytes: number; sent: Hash; first: number }[] = [];

function connect(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    const c = { s, got: createHash("sha256"), recv: 0 } as Conn;
    c.ended = new Promise((done) => {
      s.on("data", (d: Buffer) => {
        c.got.update(d);
        c.recv += d.length;
      });
      s.on("end", () => done());
      s.on("close", () => done());
    });
    s.once("connect", () => resolve(c));
    s.on("error", (e) => {
      c.error = e.message;
      reject(e);
    });
  });
}

async function openMany(port: number, n: number): Promise<Conn[]> {
  const out: Conn[] = [];
  let failed = 0;
  for (let i = 0; i < n; i += 250) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(250, n - i) }, () => connect(port)));
    for (const r of batch) r.status === "fulfilled" ? out.push(r.value) : failed++;
  }
  if (failed > 0) throw new Error(`${failed} of ${n} connections could not be opened`);
  return out;
}

/** Writes `bytes` from a random place in the pool, with backpressure; returns the digest sent. */
async function send(c: Conn, bytes: number, sent: Hash, step = CHUNK, pauseMs = 0): Promise<void> {
  let at = Math.floor(Math.random() * (POOL.length - step));
  for (let left = bytes; left > 0; ) {
    const n = Math.min(step, left);
    if (at + n > POOL.length) at = 0;
    const chunk = POOL.subarray(at, at + n);
    at += n;
    left -= n;
    sent.update(chunk);
    if (!c.s.write(chunk)) {
      // A socket closed mid-write never drains: give up on it (the check then fails the stream).
      await new Promise<void>((r) => {
        const done = () => (c.s.off("drain", done), c.s.off("close", done), r());
        c.s.once("drain", done);
        c.s.once("close", done);
      });
      if (c.s.destroyed) throw new Error(c.error ?? "closed while sending");
    }
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** Why streams failed (the first few distinct reasons), for the report. */
const reasons = new Set<string>();
function failure(why: string): false {
  if (reasons.size < 5) reasons.add(why);
  return false;
}

async function finishAndCheck(c: Conn, bytes: number, sent: Hash): Promise<boolean> {
  c.s.end();
  await c.ended;
  c.s.destroy();
  if (c.error) return failure(`socket error: ${c.error}`);
  if (c.recv !== bytes) return failure(`echo of ${c.recv} bytes, sent ${bytes}`);
  if (c.got.digest("hex") !== sent.digest("hex")) return failure("echo differs (SHA-256)");
  return true;
}

async function transfer(bytes: number) {
  const conns = held;
  held = [];
  const started = Date.now();
  const results = await Promise.all(
    conns.map(async (c) => {
      const sent = createHash("sha256");
      try {
        await send(c, bytes, sent);
        return await finishAndCheck(c, bytes, sent);
      } catch (e) {
        return failure(`while sending: ${(e as Error).message}`);
      }
    }),
  );
  const ok = results.filter(Boolean).length;
  return { ok, failed: results.length - ok, bytes: ok * bytes, ms: Date.now() - started, reasons: [...reasons] };
}

const handlers: Record<string, (m: Record<string, number>) => Promise<Record<string, unknown>>> = {
  open: async (m) => {
    held.push(...(await openMany(m.port!, m.n!)));
    return { held: held.length };
  },
  transfer: (m) => transfer(m.bytes!),
  slow: async (m) => {
    const conns = await openMany(m.port!, m.n!);
    slow = conns.map((c) => ({ c, bytes: m.bytes!, sent: createHash("sha256"), first: 16 * 1024 }));
    await Promise.all(slow.map((x) => send(x.c, x.first, x.sent)));
    // In flight = relayed: the first chunk came back through the relay and its backend. (A
    // connection still in the listener's accept queue at SIGTERM is reset by the kernel when the
    // listener closes; that is not a stream the drain can finish.)
    for (let i = 0; i < 300 && slow.some((x) => x.c.recv < x.first); i++) await new Promise((r) => setTimeout(r, 100));
    return { open: slow.length };
  },
  finish: async () => {
    const results = await Promise.all(
      slow.map(async (x) => {
        try {
          await send(x.c, x.bytes - x.first, x.sent, 16 * 1024, 100); // in flight for a while after SIGTERM
          return await finishAndCheck(x.c, x.bytes, x.sent);
        } catch (e) {
          return failure(`while sending: ${(e as Error).message}`);
        }
      }),
    );
    const ok = results.filter(Boolean).length;
    return { ok, failed: results.length - ok, reasons: [...reasons] };
  },
};

process.on("message", (m: { id: number; cmd: string } & Record<string, number>) => {
  handlers[m.cmd]!(m).then(
    (r) => process.send!({ id: m.id, ...r }),
    (e: Error) => process.send!({ id: m.id, error: e.message }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });

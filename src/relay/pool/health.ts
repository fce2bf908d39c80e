import net from "node:net";
import type { L4Health } from "../../schema/l4.ts";
import type { Backend } from "./backend.ts";
import type { BackendPool } from "./pool.ts";

export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** Most a check reads while looking for the expected bytes. */
const MAX_REPLY = 64 * 1024;

/**
 * One active check: TCP connect, then optionally send bytes and wait for the expected bytes to
 * appear in the reply (a substring, like HAProxy `tcp-check expect string`, so greetings and
 * banners before the answer do not matter).
 */
export function checkBackend(b: Backend, h: L4Health): Promise<CheckResult> {
  const send = h.send === undefined ? undefined : Buffer.from(h.send, h.encoding);
  const expect = h.expect === undefined ? undefined : Buffer.from(h.expect, h.encoding);
  return new Promise((resolve) => {
    let got: Buffer = Buffer.alloc(0);
    let done = false;
    const sock = net.connect({ host: b.address, port: b.port });
    const finish = (ok: boolean, detail: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ ok, detail });
    };
    sock.on("error", (e: NodeJS.ErrnoException) => finish(false, e.code ?? e.message));
    sock.on("connect", () => {
      if (send && send.length > 0) sock.write(send);
      if (!expect) finish(true, "connected");
    });
    sock.on("data", (chunk: Buffer) => {
      if (!expect) return;
      got = got.length === 0 ? chunk : Buffer.concat([got, chunk]);
      if (got.includes(expect)) finish(true, "reply matched");
      else if (got.length > MAX_REPLY) finish(false, `expected bytes not in the first ${MAX_REPLY} bytes`);
    });
    sock.on("end", () => finish(false, "closed before the expected bytes"));
    const timer = setTimeout(
      () =>
        finish(
          false,
          expect && got.length > 0
            ? `expected bytes not seen within ${h.timeoutMs} ms`
            : `timeout after ${h.timeoutMs} ms`,
        ),
      h.timeoutMs,
    );
  });
}

/**
 * Runs active checks for every backend of a pool, each on its own chain of timers (no overlap:
 * the next check is scheduled when the previous finished). Results go to `pool.reportCheck`.
 */
export class HealthChecker {
  readonly #pool: BackendPool;
  readonly #timers = new Map<Backend, ReturnType<typeof setTimeout>>();
  #generation = 0;

  constructor(pool: BackendPool) {
    this.#pool = pool;
  }

  /** (Re)starts checks with the pool's current config; call after every pool update. */
  restart(): void {
    this.stop();
    const h = this.#pool.config.health;
    if (!h) return;
    const gen = ++this.#generation;
    for (const b of this.#pool.backends) this.#schedule(b, h, gen, 0);
  }

  stop(): void {
    this.#generation++;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #schedule(b: Backend, h: L4Health, gen: number, delay: number): void {
    const t = setTimeout(async () => {
      const r = await checkBackend(b, h);
      if (gen !== this.#generation || b.removed) return;
      this.#pool.reportCheck(b, r.ok, r.detail);
      this.#schedule(b, h, gen, h.intervalMs);
    }, delay);
    t.unref();
    this.#timers.set(b, t);
  }
}

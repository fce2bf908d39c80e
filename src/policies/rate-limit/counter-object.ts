/**
 * Exact, global rate-limit counters: a SQLite-backed Durable Object (binding RATE_LIMITS, class
 * RateLimitCounter; wrangler.toml declares both and its migration). Each object holds the counters
 * of one key shard; a Durable Object runs one request at a time, so counts are exact however many
 * requests arrive at once, from whatever location.
 *
 * Counters live in memory and are written behind to the object's synchronous KV storage, in one
 * batch at most every FLUSH_MS (a storage write per request cost more than the rest of a hit). The
 * pending flush keeps the object from being evicted (compatibility date 2026-10-01 and later), so
 * only a crash can lose counts, at most FLUSH_MS worth. An alarm sweeps counters whose windows are over.
 */
import { DurableObject } from "cloudflare:workers";
import { hit, type Verdict, type WindowState } from "./window.ts";

const FLUSH_MS = 200;

interface Stored extends WindowState {
  windowMs: number;
}

export class RateLimitCounter extends DurableObject {
  readonly #cache = new Map<string, Stored>();
  readonly #dirty = new Set<string>();
  #flushPending = false;
  #alarmSet = false;

  /** Counts one request for `key` against `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Verdict {
    let prev = this.#cache.get(key);
    if (prev === undefined) prev = this.ctx.storage.kv.get<Stored>(key);
    const now = Date.now();
    const [state, verdict] = hit(prev?.windowMs === windowMs ? prev : undefined, now, limit, windowMs);
    const stored = state as Stored;
    stored.windowMs = windowMs;
    this.#cache.set(key, stored);
    this.#dirty.add(key);
    if (!this.#flushPending) {
      this.#flushPending = true;
      setTimeout(() => this.#flush(), FLUSH_MS);
    }
    if (!this.#alarmSet) {
      this.#alarmSet = true;
      void this.ctx.storage.setAlarm(now + 2 * windowMs + 1000);
    }
    return verdict;
  }

  #flush(): void {
    this.#flushPending = false;
    const kv = this.ctx.storage.kv;
    for (const key of this.#dirty) {
      const s = this.#cache.get(key);
      if (s !== undefined) kv.put(key, s);
    }
    this.#dirty.clear();
  }

  override async alarm(): Promise<void> {
    const kv = this.ctx.storage.kv;
    const now = Date.now();
    this.#alarmSet = false;
    let next = Number.POSITIVE_INFINITY;
    const sweep = (key: string, s: Stored) => {
      const over = (s.window + 2) * s.windowMs;
      if (over > now) return void (next = Math.min(next, over));
      kv.delete(key);
      this.#cache.delete(key);
      this.#dirty.delete(key);
    };
    for (const [key, s] of kv.list<Stored>()) sweep(key, s);
    for (const [key, s] of this.#cache) sweep(key, s);
    if (next !== Number.POSITIVE_INFINITY) {
      this.#alarmSet = true;
      await this.ctx.storage.setAlarm(next + 1000);
    }
  }
}

/**
 * Exact, global rate-limit counters: a SQLite-backed Durable Object (binding RATE_LIMITS, class
 * RateLimitCounter; wrangler.toml declares both and its migration). Each object holds the counters
 * of one key shard; a Durable Object runs one request at a time, so counts are exact however many
 * requests arrive at once, from whatever location. State is kept in the synchronous KV storage
 * (persisted with the response) and swept by an alarm once windows are over.
 */
import { DurableObject } from "cloudflare:workers";
import { hit, type Verdict, type WindowState } from "./window.ts";

interface Stored extends WindowState {
  windowMs: number;
}

export class RateLimitCounter extends DurableObject {
  readonly #cache = new Map<string, Stored>();
  #alarmSet = false;

  /** Counts one request for `key` against `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Verdict {
    const kv = this.ctx.storage.kv;
    let prev = this.#cache.get(key);
    if (prev === undefined) prev = kv.get<Stored>(key);
    const now = Date.now();
    const [state, verdict] = hit(prev?.windowMs === windowMs ? prev : undefined, now, limit, windowMs);
    const stored: Stored = { ...state, windowMs };
    this.#cache.set(key, stored);
    kv.put(key, stored);
    // One pending alarm at a time sweeps counters whose windows are both over.
    if (!this.#alarmSet) {
      this.#alarmSet = true;
      void this.ctx.storage.setAlarm(now + 2 * windowMs + 1000);
    }
    return verdict;
  }

  override async alarm(): Promise<void> {
    const kv = this.ctx.storage.kv;
    const now = Date.now();
    this.#alarmSet = false;
    let next = Number.POSITIVE_INFINITY;
    for (const [key, s] of kv.list<Stored>()) {
      const over = (s.window + 2) * s.windowMs;
      if (over <= now) {
        kv.delete(key);
        this.#cache.delete(key);
      } else next = Math.min(next, over);
    }
    if (next !== Number.POSITIVE_INFINITY) {
      this.#alarmSet = true;
      await this.ctx.storage.setAlarm(next + 1000);
    }
  }
}

import { ALL_UP, healthViewOf, type HealthView } from "./view.ts";
import { parseHealthDocument } from "./record.ts";

interface WaitUntil {
  waitUntil(p: Promise<unknown>): void;
}

/**
 * The health document as seen by this isolate, refreshed like the route table
 * (stale-while-revalidate): only the first request of an isolate waits for KV; later ones use
 * the cached view and trigger one background refresh when it is older than `refreshMs`.
 * A failed read keeps the previous view. Health therefore reaches an isolate after the checker's
 * write + KV propagation (up to ~60 s across locations) + `refreshMs`.
 */
export class HealthViewCache {
  #view: HealthView | undefined;
  #checkedAt = -Infinity;
  #inflight: Promise<void> | undefined;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get(kv: KVNamespace, key: string, refreshMs: number, ctx: WaitUntil): Promise<HealthView> {
    const stale = this.#now() - this.#checkedAt >= refreshMs;
    if (this.#view !== undefined) {
      if (stale && this.#inflight === undefined) ctx.waitUntil(this.#refresh(kv, key));
      return this.#view;
    }
    await (this.#inflight ?? this.#refresh(kv, key));
    return this.#view ?? ALL_UP;
  }

  #refresh(kv: KVNamespace, key: string): Promise<void> {
    const p = kv
      .get(key)
      .then((text) => {
        this.#view = healthViewOf(parseHealthDocument(text));
      })
      .catch((err: unknown) => {
        console.error(JSON.stringify({ level: "error", event: "health_read_failed", key, error: String(err) }));
      })
      .finally(() => {
        this.#checkedAt = this.#now();
        this.#inflight = undefined;
      });
    this.#inflight = p;
    return p;
  }
}

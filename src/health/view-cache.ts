import { logEvent } from "../core/log.ts";
import { Revalidator, type WaitUntil } from "../core/revalidate.ts";
import { parseHealthDocument } from "./record.ts";
import { ALL_UP, type HealthView, healthViewOf } from "./view.ts";

/**
 * The health document as seen by this isolate, refreshed like the route table
 * (stale-while-revalidate, see Revalidator): only the first request of an isolate waits for KV
 * (at most MAX_READ_MS; then it proceeds as all-up); later ones use the cached view and trigger
 * one background refresh when it is older than `refreshMs`. A failed read keeps the previous view.
 * Health therefore reaches an isolate after the checker's write + KV propagation (up to ~60 s
 * across locations) + `refreshMs`.
 */
export class HealthViewCache {
  #view: HealthView | undefined;
  readonly #swr: Revalidator;

  constructor(now: () => number = Date.now, maxReadMs?: number) {
    this.#swr = new Revalidator(now, maxReadMs);
  }

  async get(kv: KVNamespace, key: string, refreshMs: number, ctx: WaitUntil): Promise<HealthView> {
    if (this.#view !== undefined) {
      if (this.#swr.due(refreshMs)) this.#swr.start(ctx, () => this.#load(kv, key));
      return this.#view;
    }
    await this.#swr.await(ctx, () => this.#load(kv, key));
    return this.#view ?? ALL_UP;
  }

  async #load(kv: KVNamespace, key: string): Promise<void> {
    try {
      this.#view = healthViewOf(parseHealthDocument(await kv.get(key)));
    } catch (err) {
      logEvent("error", "health_read_failed", { key, error: String(err) });
    }
  }
}

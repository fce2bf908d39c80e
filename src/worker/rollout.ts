/**
 * Staged rollout in the worker: while the active key's KV metadata names a rollout candidate, that
 * stored version is compiled next to the active table and serves a stable-hash fraction of clients
 * (rollout-bucket.ts). 5xx answers are counted per version in this isolate; when the candidate's
 * error rate passes its threshold, this isolate stops serving it at once and removes the pointer
 * from KV (other isolates follow within their refresh interval). Counting is per isolate.
 */
import type { ActiveMeta, RolloutPointer } from "../admin/versions/keys.ts";
import { versionKey } from "../admin/versions/keys.ts";
import { routesKeyOf } from "../core/env.ts";
import { logEvent as log } from "../core/log.ts";
import type { WaitUntil } from "../core/revalidate.ts";
import type { Edge } from "../edge/types.ts";
import { cookieValue } from "../router/cookies.ts";
import { type EdgeConfig, parseDocument } from "../schema/index.ts";
import { bucketOf, ROLLOUT_COOKIE } from "./rollout-bucket.ts";

type Table = Edge;
interface KvEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
}
interface Counter {
  requests: number;
  errors: number;
}

export class Rollout {
  #pointer: RolloutPointer | undefined;
  #table: Table | undefined;
  #tableId: string | undefined;
  #counts = { candidate: { requests: 0, errors: 0 }, active: { requests: 0, errors: 0 } };
  /** Candidates this isolate rolled back: never served again, even while KV still names them. */
  readonly #rolledBack = new Set<string>();
  readonly #compile: (config: EdgeConfig) => Table;

  constructor(compile: (config: EdgeConfig) => Table) {
    this.#compile = compile;
  }

  get running(): boolean {
    return this.#table !== undefined;
  }

  counters(): { id: string; candidate: Counter; active: Counter } | undefined {
    return this.#pointer && { id: this.#pointer.id, ...structuredClone(this.#counts) };
  }

  /** Called with the active key's metadata on every table refresh (in the background). */
  async observe(env: KvEnv, meta: ActiveMeta | null): Promise<void> {
    const p = meta?.rollout;
    if (p === undefined || this.#rolledBack.has(p.id)) return this.#clear();
    this.#pointer = p;
    if (this.#tableId === p.id) return;
    const text = await env.ROUTES.get(versionKey(env, p.id));
    const config = text === null ? undefined : parseConfig(text);
    if (config === undefined) {
      log("error", "rollout_candidate_unusable", {
        candidate: p.id,
        hint: "missing or invalid; serving the active table only",
      });
      return this.#clear();
    }
    this.#table = this.#compile(config);
    this.#tableId = p.id;
    this.#counts = { candidate: { requests: 0, errors: 0 }, active: { requests: 0, errors: 0 } };
    log("info", "rollout_candidate_loaded", { candidate: p.id, version: config.version, fraction: p.fraction });
  }

  /** The candidate table when this client falls in the rollout fraction, else undefined. */
  candidateFor(headers: Headers): Table | undefined {
    const p = this.#pointer;
    if (this.#table === undefined || p === undefined) return undefined;
    const key = cookieValue(headers.get("cookie"), ROLLOUT_COOKIE) ?? headers.get("cf-connecting-ip") ?? "";
    return bucketOf(p.id, key) < p.fraction ? this.#table : undefined;
  }

  /** Counts an answer; rolls the candidate back when its error rate passes the threshold. */
  count(env: KvEnv, ctx: WaitUntil, res: Response, candidate: boolean): Response {
    const c = candidate ? this.#counts.candidate : this.#counts.active;
    c.requests++;
    if (res.status >= 500) c.errors++;
    const p = this.#pointer;
    const limit = p?.autoRollback;
    if (
      candidate &&
      p !== undefined &&
      limit !== undefined &&
      c.requests >= limit.minRequests &&
      c.errors / c.requests > limit.errorRate
    ) {
      this.#rolledBack.add(p.id);
      log("error", "rollout_rolled_back", {
        candidate: p.id,
        requests: c.requests,
        errors: c.errors,
        errorRate: c.errors / c.requests,
        threshold: limit.errorRate,
        scope: "isolate",
      });
      this.#clear();
      ctx.waitUntil(removePointer(env, p.id));
    }
    return res;
  }

  #clear(): void {
    this.#pointer = undefined;
    this.#table = undefined;
    this.#tableId = undefined;
  }
}

function parseConfig(text: string): EdgeConfig | undefined {
  const parsed = parseDocument(text);
  return parsed.ok ? parsed.config : undefined;
}

/** Rewrites the active key with the same bytes minus the rollout (only if it still names `id`). */
async function removePointer(env: KvEnv, id: string): Promise<void> {
  const key = routesKeyOf(env);
  const cur = await env.ROUTES.getWithMetadata<ActiveMeta>(key, "arrayBuffer");
  if (cur.value === null || cur.metadata?.rollout?.id !== id) return;
  const meta: ActiveMeta = cur.metadata.id !== undefined ? { id: cur.metadata.id } : {};
  await env.ROUTES.put(key, cur.value, { metadata: meta });
}

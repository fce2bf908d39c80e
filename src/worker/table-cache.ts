import { type EdgeError, TableInvalidError, TableMissingError } from "../core/errors/index.ts";
import { logEvent as log } from "../core/log.ts";
import { Revalidator, type WaitUntil } from "../core/revalidate.ts";
import type { CompiledTable } from "../router/types.ts";
import { type ConfigIssue, type EdgeConfig, formatIssues, parseDocument } from "../schema/index.ts";

/** What the cache holds: one compiled table version (an Edge in the worker). */
export interface Versioned {
  readonly version: string;
}

export type Compile<T> = (config: EdgeConfig) => T;

export interface TableSource {
  /** Reads the document text; null when the key does not exist. */
  read(): Promise<string | null>;
  /** KV key, for messages. */
  readonly key: string;
}

/**
 * The compiled table version of this isolate (stale-while-revalidate): in the worker, its Edge.
 *
 * - Cold (no table yet): the request awaits one KV read (also passed to `waitUntil`, so a client
 *   disconnect does not cancel it); concurrent cold requests share it. A read still pending after
 *   MAX_READ_MS is presumed lost: waiters give up and the next request starts a fresh read.
 * - Warm: the cached table is returned at once; when it is older than the refresh interval, one
 *   background refresh runs via `waitUntil`, so no warm request ever waits on KV.
 * - A document whose `version` equals the loaded one is not recompiled.
 * - An invalid or deleted document never replaces a good table: the good one stays, every issue is
 *   logged with its JSON path. Without any good table the request fails with
 *   ROUTE_TABLE_MISSING / ROUTE_TABLE_INVALID (that failure is cached for the refresh interval too).
 */
export class TableCache<A, T extends Versioned = CompiledTable<A>> {
  #table: T | undefined;
  #lastText: string | null = null;
  #failure: EdgeError | undefined;
  readonly #swr: Revalidator;
  readonly #compile: Compile<T>;

  constructor(compile: Compile<T>, now: () => number = Date.now, maxReadMs?: number) {
    this.#compile = compile;
    this.#swr = new Revalidator(now, maxReadMs);
  }

  get current(): T | undefined {
    return this.#table;
  }

  /**
   * The warm path without a promise: the cached table (a background refresh is started when it is
   * stale), or undefined when there is none yet and the caller must `await get(...)`.
   * The source is built by `sourceOf(env)` only when a refresh starts, so a warm request allocates none.
   */
  peek<E>(env: E, sourceOf: (env: E) => TableSource, refreshMs: number, ctx: WaitUntil): T | undefined {
    const table = this.#table;
    // The closure is built only when a refresh starts: a warm, fresh request allocates nothing.
    if (table !== undefined && this.#swr.due(refreshMs)) this.#swr.start(ctx, () => this.#load(sourceOf(env)));
    return table;
  }

  async get(source: TableSource, refreshMs: number, ctx: WaitUntil): Promise<T> {
    const load = () => this.#load(source);
    if (this.#table !== undefined) {
      if (this.#swr.due(refreshMs)) this.#swr.start(ctx, load);
      return this.#table;
    }
    if (this.#failure === undefined || this.#swr.isStale(refreshMs)) await this.#swr.await(ctx, load);
    if (this.#table !== undefined) return this.#table;
    throw this.#failure ?? new TableMissingError(source.key);
  }

  async #load(source: TableSource): Promise<void> {
    let text: string | null;
    try {
      text = await source.read();
    } catch (err) {
      log("error", "route_table_read_failed", { key: source.key, error: String(err) });
      if (this.#table === undefined) this.#failure = new TableMissingError(source.key);
      return;
    }
    if (text === null) {
      if (this.#table !== undefined)
        log("error", "route_table_missing_keeping_last_good", { key: source.key, version: this.#table.version });
      else this.#failure = new TableMissingError(source.key);
      this.#lastText = null;
      return;
    }
    if (text === this.#lastText) return; // unchanged since the last look: nothing to parse
    this.#lastText = text;
    const parsed = parseDocument(text); // the one parse path (src/schema), then compile below
    if (!parsed.ok) return this.#reject(source.key, parsed.issues);
    const { config } = parsed;
    if (this.#table !== undefined && this.#table.version === config.version) {
      log("warn", "route_table_changed_same_version", {
        key: source.key,
        version: config.version,
        hint: "bump `version` to apply changes",
      });
      return;
    }
    let table: T;
    try {
      table = this.#compile(config);
    } catch (err) {
      return this.#reject(source.key, [{ path: "$", message: `compile failed: ${(err as Error).message}` }]);
    }
    const previous = this.#table?.version;
    this.#table = table;
    this.#failure = undefined;
    log("info", "route_table_loaded", { key: source.key, version: config.version, previous: previous ?? null });
  }

  #reject(key: string, issues: ConfigIssue[]): void {
    log("error", "route_table_invalid", {
      key,
      keeping: this.#table?.version ?? null,
      issues,
      summary: formatIssues(issues),
    });
    if (this.#table === undefined) this.#failure = new TableInvalidError(key, issues.length);
  }
}

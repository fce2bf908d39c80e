import cluster from "node:cluster";
import type { Server } from "node:http";
import os from "node:os";
import type { L4Section } from "../../schema/l4.ts";
import { L4Schema } from "../../schema/l4.ts";
import { startAdmin } from "../observability/admin.ts";
import type { Logger } from "../observability/log.ts";
import { ClusterEngine } from "./cluster.ts";
import { ConfigSource, describeIssues } from "./config-source.ts";
import { type Engine, LocalEngine } from "./engine.ts";

export interface ControllerOptions {
  config: string;
  /** Bearer token for an http(s) config URL (the worker's admin API). */
  configToken?: string;
  /** Extra request headers for an http(s) config URL (Cloudflare Access service token). */
  configHeaders?: Record<string, string>;
  pollMs: number;
  log: Logger;
}

/**
 * The relay process: loads the document, runs the engine and the admin port, and reacts to
 * SIGHUP / file changes (reload) and SIGTERM / SIGINT (drain, then exit). A document that fails
 * validation at start is fatal; at reload it is logged and the last good config keeps running.
 */
export class Controller {
  readonly #opts: ControllerOptions;
  readonly #source: ConfigSource;
  #engine: Engine | undefined;
  #admin: Server | undefined;
  #current: L4Section | undefined;
  #reloading: Promise<void> | undefined;
  #again = false;
  #draining = false;
  #started = false;
  #pendingReload: string | undefined;
  #reloads = { ok: 0, invalid: 0, failed: 0 };
  #unwatch: (() => void) | undefined;
  #keepAlive: ReturnType<typeof setInterval> | undefined;
  #version: string | null = null;

  constructor(opts: ControllerOptions) {
    this.#opts = opts;
    this.#source = new ConfigSource(opts.config, { token: opts.configToken, headers: opts.configHeaders });
  }

  /** Resolves once listening; throws (with a message naming JSON paths) when the config is unusable. */
  async start(): Promise<void> {
    const log = this.#opts.log;
    const r = await this.#source.load(true);
    if (r.status === "invalid") throw new Error(`invalid config ${this.#opts.config}:\n${describeIssues(r.issues)}`);
    if (r.status !== "ok") throw new Error("config could not be read");
    const l4 = r.config.l4 ?? L4Schema.parse({});
    if (!r.config.l4)
      log.warn("no_l4_section", {
        message: `${this.#opts.config} has no l4 section; the relay has nothing to listen on`,
      });
    const workers = l4.workers === "auto" ? os.availableParallelism() : l4.workers;
    this.#engine = workers > 1 && cluster.isPrimary ? new ClusterEngine(workers, log) : new LocalEngine(log);
    await this.#engine.apply(l4);
    this.#current = l4;
    this.#version = r.config.version;
    this.#reloads.ok++;
    void this.#report();
    log.info("config_applied", {
      version: r.config.version,
      listeners: l4.listeners.length,
      pools: Object.keys(l4.pools).length,
      workers,
    });
    if (l4.admin) {
      const { server, address } = await startAdmin(
        l4.admin.address,
        l4.admin.port,
        { samples: () => this.#samples(), healthy: () => !this.#draining },
        log,
      );
      this.#admin = server;
      log.info("admin_listening", { address: address.address, port: address.port, paths: ["/metrics", "/healthz"] });
    }
    this.#unwatch = this.#source.watch(() => void this.reload("change"), this.#opts.pollMs);
    this.#started = true;
    // Stay up even with nothing to listen on: a reload may add listeners.
    this.#keepAlive = setInterval(() => {}, 1 << 30);
    log.info("ready", { config: this.#opts.config });
    if (this.#pendingReload) void this.reload(this.#pendingReload);
  }

  /** Re-reads the document; concurrent requests coalesce into one more pass. */
  reload(trigger: string): Promise<void> {
    if (!this.#started) {
      this.#pendingReload = trigger; // replayed once start() is done
      return Promise.resolve();
    }
    if (this.#reloading) {
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = (async () => {
      do {
        this.#again = false;
        await this.#reloadOnce(trigger);
      } while (this.#again && !this.#draining);
    })().finally(() => (this.#reloading = undefined));
    return this.#reloading;
  }

  async #reloadOnce(trigger: string): Promise<void> {
    const log = this.#opts.log;
    if (this.#draining || !this.#engine) return;
    try {
      const r = await this.#source.load(trigger === "SIGHUP");
      void this.#report(); // after every poll: the admin API's relay list doubles as a liveness record
      if (r.status === "unchanged") return;
      if (r.status === "invalid") {
        this.#reloads.invalid++;
        log.error("config_rejected", { trigger, issues: r.issues, message: "keeping the last good config" });
        return;
      }
      const l4 = r.config.l4 ?? L4Schema.parse({});
      if (JSON.stringify(l4.admin) !== JSON.stringify(this.#current?.admin) || l4.workers !== this.#current?.workers)
        log.warn("restart_needed", { message: "admin and workers settings apply at the next start" });
      await this.#engine.apply(l4);
      this.#current = l4;
      this.#version = r.config.version;
      this.#reloads.ok++;
      void this.#report();
      log.info("config_applied", {
        trigger,
        version: r.config.version,
        listeners: l4.listeners.length,
        pools: Object.keys(l4.pools).length,
      });
    } catch (e) {
      this.#reloads.failed++;
      log.error("config_reload_failed", {
        trigger,
        error: (e as Error).message,
        message: "keeping the last good config",
      });
    }
  }

  /** What this relay serves, for the worker's relay registry (URL sources only). */
  #report(): Promise<boolean> {
    return this.#source.report({
      version: this.#version,
      health: {
        draining: this.#draining,
        reloads: { ...this.#reloads },
        listeners: this.#current?.listeners.length ?? 0,
      },
    });
  }

  /** Stops accepting, drains for the configured time, closes the rest. */
  async stop(signal: string): Promise<void> {
    if (this.#draining) return;
    this.#started = true; // no reload replay after a stop
    this.#draining = true;
    const drainMs = this.#current?.drainTimeoutMs ?? 0;
    this.#opts.log.info("draining", { signal, drainMs });
    this.#unwatch?.();
    clearInterval(this.#keepAlive);
    await this.#engine?.shutdown(drainMs);
    await new Promise<void>((r) => (this.#admin ? this.#admin.close(() => r()) : r()));
    this.#admin?.closeAllConnections();
    this.#opts.log.info("stopped", { signal });
  }

  async #samples() {
    const s = (await this.#engine?.samples()) ?? [];
    for (const [result, n] of Object.entries(this.#reloads))
      s.push({ name: "relay_config_reloads_total", labels: { result }, value: n });
    return s;
  }
}

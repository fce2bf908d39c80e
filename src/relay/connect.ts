import net from "node:net";
import type { Backend } from "./backend.ts";
import { RELAY_HIGH_WATER_MARK, userBufferRead } from "./read-buffers.ts";
import { ConnectTimeoutError, NoBackendError } from "./errors.ts";
import type { BackendPool } from "./pool.ts";
import type { L4Balance } from "../schema/l4.ts";

export interface ConnectResult {
  socket: net.Socket;
  backend: Backend;
  /** Failed attempts before this one (each is a retry on another backend). */
  retries: number;
}

export interface ConnectHooks {
  /** Called for every failed attempt (metrics, logs). */
  onFailure(backend: Backend, err: Error): void;
}

/**
 * Connects to a backend of `pool`, retrying on another backend after a failure or timeout, up
 * to the pool's maxConnectAttempts (HAProxy `option redispatch` + `retries`). Each failure feeds
 * passive health. `cancel()` aborts (the client went away) and rejects the promise.
 */
export class BackendConnector {
  #socket: net.Socket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #cancelled = false;

  async connect(pool: BackendPool, clientKey: string, policy: L4Balance | undefined, timeoutMs: number, hooks: ConnectHooks): Promise<ConnectResult> {
    const tried = new Set<Backend>();
    let lastErr: Error | undefined;
    const attempts = pool.config.maxConnectAttempts;
    for (let i = 0; i < attempts && !this.#cancelled; i++) {
      const backend = pool.pick(clientKey, tried, policy ?? pool.config.balance);
      if (!backend) break;
      tried.add(backend);
      try {
        const socket = await this.#attempt(backend, timeoutMs);
        pool.reportConnect(backend, true);
        return { socket, backend, retries: i };
      } catch (e) {
        if (this.#cancelled) break;
        lastErr = e as Error;
        hooks.onFailure(backend, lastErr);
        pool.reportConnect(backend, false);
      }
    }
    if (this.#cancelled) throw new Error("cancelled");
    throw lastErr ?? new NoBackendError(pool.name);
  }

  cancel(): void {
    this.#cancelled = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket?.destroy(new Error("cancelled"));
  }

  #attempt(b: Backend, timeoutMs: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      // net.Socket passes stream options through to Duplex; @types/node does not list them.
      const opts = { host: b.address, port: b.port, allowHalfOpen: true, noDelay: true, highWaterMark: RELAY_HIGH_WATER_MARK, onread: userBufferRead };
      const s = net.connect(opts as net.NetConnectOpts);
      this.#socket = s;
      const onError = (err: Error) => {
        clearTimeout(this.#timer);
        s.destroy();
        reject(err);
      };
      this.#timer = setTimeout(() => onError(new ConnectTimeoutError(b.target, timeoutMs)), timeoutMs);
      s.once("error", onError);
      s.once("connect", () => {
        clearTimeout(this.#timer);
        s.off("error", onError);
        this.#socket = undefined;
        resolve(s);
      });
    });
  }
}

import cluster, { type Worker } from "node:cluster";
import type { L4Section } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import { mergeSamples, type Sample } from "../observability/metrics.ts";
import type { Engine } from "./engine.ts";
import { Relay } from "./relay.ts";

type Reply = Extract<FromWorker, { type: "reply" }>;
type ToWorker =
  | { type: "apply"; id: number; l4: L4Section }
  | { type: "samples"; id: number }
  | { type: "shutdown"; drainMs: number };
type FromWorker = { type: "reply"; id: number; error?: string; samples?: Sample[] } | { type: "ready" };

/**
 * Cluster mode (`l4.workers` > 1): the primary owns config, signals and the admin port; each
 * worker runs a Relay whose TCP listeners bind their own SO_REUSEPORT socket, so the kernel
 * spreads connections over the processes without a hop through the primary.
 */
export class ClusterEngine implements Engine {
  readonly #log: Logger;
  readonly #workers = new Set<Worker>();
  readonly #waiting = new Map<number, (m: Reply) => void>();
  readonly #ready = new WeakMap<Worker, Promise<void>>();
  #nextId = 1;
  #l4: L4Section | undefined;
  #stopping = false;

  constructor(count: number, log: Logger) {
    this.#log = log;
    // Workers hold the connections: give them a small young generation even when the primary was
    // started without it (see main.ts).
    const execArgv = process.execArgv.some((a) => a.startsWith("--max-semi-space-size"))
      ? process.execArgv
      : [...process.execArgv, "--max-semi-space-size=1"];
    cluster.setupPrimary({ execArgv });
    for (let i = 0; i < count; i++) this.#fork();
  }

  async apply(l4: L4Section): Promise<void> {
    this.#l4 = l4;
    const replies = await Promise.all([...this.#workers].map((w) => this.#ask(w, (id) => ({ type: "apply", id, l4 }))));
    const failed = replies.find((r) => r.error);
    if (failed) throw new Error(failed.error);
  }

  async samples(): Promise<Sample[]> {
    const replies = await Promise.all(
      [...this.#workers].map((w) => this.#ask(w, (id) => ({ type: "samples", id }), 2000)),
    );
    const merged = mergeSamples(replies.map((r) => r.samples ?? []));
    merged.push({ name: "relay_workers", labels: {}, value: this.#workers.size });
    return merged;
  }

  async shutdown(drainMs: number): Promise<void> {
    this.#stopping = true;
    const exits = [...this.#workers].map(
      (w) => new Promise<void>((r) => (w.isDead() ? r() : w.once("exit", () => r()))),
    );
    for (const w of this.#workers) w.send({ type: "shutdown", drainMs } satisfies ToWorker);
    const hard = setTimeout(() => this.#workers.forEach((w) => w.process.kill("SIGKILL")), drainMs + 5000);
    await Promise.all(exits);
    clearTimeout(hard);
  }

  #fork(): void {
    const w = cluster.fork({ RELAY_CLUSTER_WORKER: "1" });
    this.#workers.add(w);
    this.#ready.set(w, new Promise((r) => w.once("message", () => r())));
    w.on("message", (m: FromWorker) => {
      if (m?.type === "reply") this.#waiting.get(m.id)?.(m);
    });
    w.on("exit", (code, signal) => {
      this.#workers.delete(w);
      if (this.#stopping) return;
      this.#log.error("worker_exit", { pid: w.process.pid, code, signal, action: "restarting" });
      this.#fork();
      const l4 = this.#l4;
      const nw = [...this.#workers].at(-1)!;
      if (l4)
        void this.#ask(nw, (id) => ({ type: "apply", id, l4 })).then(
          (r) => r.error && this.#log.error("worker_apply_failed", { error: r.error }),
        );
    });
  }

  async #ask(w: Worker, make: (id: number) => ToWorker, timeoutMs = 30_000): Promise<Reply> {
    await this.#ready.get(w);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        resolve({ type: "reply", id, error: `worker ${w.process.pid} did not answer` });
      }, timeoutMs);
      this.#waiting.set(id, (m) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(m);
      });
      w.send(make(id));
    });
  }
}

/** Entry of a cluster worker process: obey the primary, ignore terminal signals it handles. */
export function runClusterWorker(log: Logger): void {
  const relay = new Relay({ log, reusePort: true });
  for (const sig of ["SIGINT", "SIGHUP", "SIGTERM"] as const) process.on(sig, () => {});
  const reply = (m: FromWorker) => process.send?.(m);
  process.on("message", async (m: ToWorker) => {
    if (m.type === "apply") {
      try {
        await relay.apply(m.l4);
        reply({ type: "reply", id: m.id });
      } catch (e) {
        reply({ type: "reply", id: m.id, error: (e as Error).message });
      }
    } else if (m.type === "samples") {
      reply({ type: "reply", id: m.id, samples: relay.samples() });
    } else if (m.type === "shutdown") {
      await relay.shutdown(m.drainMs);
      process.exit(0);
    }
  });
  process.send?.({ type: "ready" } satisfies FromWorker);
  // The primary is gone: close what is left rather than run unsupervised.
  process.on("disconnect", () => void relay.shutdown(0).then(() => process.exit(0)));
}

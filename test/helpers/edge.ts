import { type DemoOrigin, startDemoOrigin } from "../../scripts/lib/demo-origin.ts";
import { type RunningWorker, type RunWorkerOptions, runWorker } from "../../scripts/lib/run-worker.ts";
import { rawRequest } from "./http.ts";

export { type DemoOrigin, payload, startDemoOrigin } from "../../scripts/lib/demo-origin.ts";
export { type RunningWorker, runWorker } from "../../scripts/lib/run-worker.ts";

export interface Edge {
  worker: RunningWorker;
  base: string;
  origins: Record<string, DemoOrigin>;
  /** Writes the document, then waits until the worker serves `doc.version` (probe request). */
  load(doc: { version: string } & Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real Node origins on loopback (one per name) plus the real worker in workerd with local KV.
 * The refresh interval defaults to 0 s so a new table is picked up by the next request or two.
 */
export async function startEdge(originNames: string[], opts: RunWorkerOptions = {}): Promise<Edge> {
  const origins: Record<string, DemoOrigin> = {};
  for (const n of originNames) origins[n] = await startDemoOrigin(n);
  const worker = await runWorker({ refreshSeconds: "0", ...opts });
  const base = worker.url.href.replace(/\/$/, "");
  return {
    worker,
    base,
    origins,
    async load(doc) {
      await worker.putTable(withProbe(doc));
      // Refresh runs in the background after a request; poll the probe host until it is live.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const res = await rawRequest(base, "/", { headers: { host: PROBE_HOST } });
        const seen = res.text();
        if (seen === doc.version) return;
        if (Date.now() > deadline) throw new Error(`worker did not load version ${doc.version} (serving ${seen})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker.dispose();
      await Promise.all(Object.values(origins).map((o) => o.close()));
    },
  };
}

const PROBE_HOST = "edge-probe.test";

/** Adds a virtual host answering its version, so tests can wait for a table to go live. */
export function withProbe<T extends { version: string } & Record<string, unknown>>(doc: T): T {
  const vhosts = (doc.virtualHosts as unknown[] | undefined) ?? [];
  const probe = {
    name: "__probe",
    domains: [PROBE_HOST],
    routes: [{ action: { type: "direct", status: 200, body: doc.version } }],
  };
  return { ...doc, virtualHosts: [probe, ...vhosts] };
}

/**
 * The worker soak (issue 10): the real worker in workerd (Miniflare) under steady GET traffic from
 * `concurrency` loops while the table changes every `reloadMs` and origins fail in turn (refuse,
 * reset, 503, stall), always leaving one that answers. It measures what the rule needs — failed
 * idempotent requests — and what a leak shows: the workerd process's RSS and open file descriptors
 * before traffic (after a warm-up) and after it (after an idle spell). Bounded: it stops by itself.
 *
 * workerd run locally by Miniflare gives no way to trigger a GC, and its RSS grows with traffic even
 * for a worker that only returns `new Response("x")` (measured: ~12 KiB per request over 15 s). So
 * the heap verdict compares like with like: the same traffic against a bare proxy worker (one fetch
 * to an origin) is the control, and the edge's growth per request must stay within the control's
 * (plus slack).
 */
import { readdirSync, readFileSync } from "node:fs";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { rawRequest } from "../../test/helpers/http.ts";
import { type Fault, type FaultOrigin, startFaultOrigin } from "./fault-origin.ts";
import { runWorker } from "./run-worker.ts";

export interface SoakOptions {
  durationMs: number;
  concurrency: number;
  reloadMs: number;
  faultMs: number;
  log?: (s: string) => void;
}

export interface ProcSample {
  rssKiB: number;
  fds: number;
}

export interface SoakReport {
  durationMs: number;
  requests: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  reloads: number;
  faultChanges: number;
  baseline: ProcSample;
  peak: ProcSample;
  after: ProcSample;
  rssGrowthKiB: number;
  fdGrowth: number;
  /** RSS growth per request: this worker, and the bare-worker control under the same traffic. */
  bytesPerRequest: number;
  controlBytesPerRequest: number;
}

const HOST = "soak.test";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** workerd processes started below this process (Linux /proc). */
function workerdPids(root = process.pid): number[] {
  const out: number[] = [];
  const walk = (pid: number) => {
    let kids: number[] = [];
    try {
      for (const t of readdirSync(`/proc/${pid}/task`))
        kids = kids.concat(
          readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean).map(Number),
        );
    } catch {
      return;
    }
    for (const k of kids) {
      try {
        if (readFileSync(`/proc/${k}/comm`, "utf8").trim().startsWith("workerd")) out.push(k);
      } catch {}
      walk(k);
    }
  };
  walk(root);
  return out;
}

function sample(pids: number[]): ProcSample {
  let rssKiB = 0;
  let fds = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      rssKiB += Number(m?.[1] ?? 0);
      fds += readdirSync(`/proc/${pid}/fd`).length;
    } catch {}
  }
  return { rssKiB, fds };
}

function table(version: number, origins: FaultOrigin[]) {
  // Versions alternate between two shapes, so every reload recompiles something different.
  const odd = version % 2 === 1;
  return {
    version: `soak-${version}`,
    pools: {
      p: {
        origins: origins.map((o) => ({ name: o.name, url: o.url })),
        balance: { policy: odd ? "round_robin" : "least_outstanding" },
        outlier: { consecutive5xx: 2, consecutiveConnectFailures: 1, baseEjectionMs: 1_000, maxEjectionMs: 5_000 },
      },
    },
    virtualHosts: [
      {
        name: "soak",
        domains: [HOST],
        routes: [
          ...Array.from({ length: odd ? 50 : 20 }, (_, i) => ({
            match: { path: { template: `/r${i}/{id}` }, headers: [{ name: "x-soak", regex: "[a-z]+[0-9]*" }] },
            action: { type: "direct", status: 204 },
          })),
          {
            action: {
              type: "forward",
              pool: "p",
              timeoutMs: 5_000,
              retry: {
                attempts: 3,
                perTryTimeoutMs: 500,
                retryOn: ["connect-failure", "reset", "timeout", "5xx"],
                budget: { percent: 100, minPerSecond: 10_000 },
                backoff: { baseMs: 1, maxMs: 10 },
              },
            },
          },
        ],
      },
    ],
  };
}

/** Fault schedule: one origin at a time fails, in turn, in a different way each time. */
const FAULTS: Fault[] = ["refuse", "reset-headers", 503, "stall-headers", "ok"];

export async function runWorkerSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => {});
  const origins = await Promise.all(["a", "b", "c"].map(startFaultOrigin));
  // Refresh 1 s: each 2 s reload is picked up, without a KV read per request (local KV's own cost).
  const worker = await runWorker({ refreshSeconds: "1" });
  const base = worker.url.href.replace(/\/$/, "");
  const failures: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let reloads = 0;
  let faultChanges = 0;
  let version = 1;
  let disposed = false;
  try {
    await worker.putTable(table(version, origins));
    const pids = workerdPids();
    if (pids.length === 0) throw new Error("no workerd process found under this process (/proc)");
    const one = async () => {
      const res = await rawRequest(base, `/x/${requests}`, { headers: { host: HOST }, timeoutMs: 10_000 });
      requests++;
      if (res.status === 200 && res.body.length > 0) ok++;
      else if (res.status === 404 || (res.status === 503 && res.text().includes("ROUTE_TABLE")))
        ok++; // before the first load
      else failures[`status ${res.status}`] = (failures[`status ${res.status}`] ?? 0) + 1;
    };
    const loop = async (until: number) => {
      while (Date.now() < until) {
        await one().catch((e: Error) => {
          requests++;
          failures[e.message] = (failures[e.message] ?? 0) + 1;
        });
      }
    };
    // Warm-up (JIT, first table), then idle, then the baseline.
    await Promise.all(Array.from({ length: opts.concurrency }, () => loop(Date.now() + 3_000)));
    await sleep(2_000);
    const baseline = sample(pids);
    for (const k of Object.keys(failures)) delete failures[k];
    requests = 0;
    ok = 0;
    log(`baseline: workerd RSS ${baseline.rssKiB} KiB, ${baseline.fds} fds (pids ${pids.join(",")})`);

    const start = Date.now();
    const end = start + opts.durationMs;
    let peak = baseline;
    const churn = (async () => {
      let nextReload = start + opts.reloadMs;
      let nextFault = start + opts.faultMs;
      let turn = 0;
      let nextLog = start + 10_000;
      while (Date.now() < end) {
        await sleep(100);
        const now = Date.now();
        const s = sample(pids);
        if (s.rssKiB > peak.rssKiB) peak = s;
        if (now >= nextLog) {
          log(`t+${Math.round((now - start) / 1000)} s: ${requests} requests, RSS ${s.rssKiB} KiB, ${s.fds} fds`);
          nextLog += 10_000;
        }
        if (now >= nextReload) {
          await worker.putTable(table(++version, origins));
          reloads++;
          nextReload += opts.reloadMs;
        }
        if (now >= nextFault) {
          const victim = turn % origins.length;
          const fault = FAULTS[turn % FAULTS.length]!;
          await Promise.all(origins.map((o, i) => o.setMode(i === victim ? fault : "ok")));
          faultChanges++;
          turn++;
          nextFault += opts.faultMs;
        }
      }
    })();
    await Promise.all([churn, ...Array.from({ length: opts.concurrency }, () => loop(end))]);
    await Promise.all(origins.map((o) => o.setMode("ok")));
    // Idle: connections close, the isolate settles (workerd offers no GC trigger from outside).
    await sleep(5_000);
    const after = sample(pids);
    log(`after: workerd RSS ${after.rssKiB} KiB (peak ${peak.rssKiB}), ${after.fds} fds`);
    await worker.dispose();
    disposed = true;
    const control = await controlGrowth(opts.concurrency, Math.min(opts.durationMs, 30_000), origins[0]!.url);
    log(`control (bare worker): ${control.toFixed(0)} B/request`);
    return {
      durationMs: opts.durationMs,
      requests,
      ok,
      failed: requests - ok,
      failures,
      reloads,
      faultChanges,
      baseline,
      peak,
      after,
      rssGrowthKiB: after.rssKiB - baseline.rssKiB,
      fdGrowth: after.fds - baseline.fds,
      bytesPerRequest: ((after.rssKiB - baseline.rssKiB) * 1024) / Math.max(1, requests),
      controlBytesPerRequest: control,
    };
  } finally {
    if (!disposed) await worker.dispose();
    await Promise.all(origins.map((o) => o.close()));
  }
}

/** RSS growth per request of a bare proxy worker (one fetch to `origin`, response returned as is), under the same traffic shape. */
async function controlGrowth(concurrency: number, durationMs: number, origin: string): Promise<number> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: [
        {
          type: "ESModule",
          path: "w.js",
          contents: `export default { fetch(req, env) { return fetch(env.ORIGIN + new URL(req.url).pathname) } }`,
        },
      ],
      bindings: { ORIGIN: origin },
      compatibilityDate: "2026-11-01",
      host: "127.0.0.1",
      port: 0,
      handleStructuredLogs: () => {},
    }),
  );
  try {
    const base = (await mf.ready).href.replace(/\/$/, "");
    const before = new Set<number>();
    const send = () => rawRequest(base, "/x", { headers: { host: HOST } });
    const loop = async (until: number, count: { n: number }) => {
      while (Date.now() < until) {
        await send().catch(() => {});
        count.n++;
      }
    };
    const warm = { n: 0 };
    await Promise.all(Array.from({ length: concurrency }, () => loop(Date.now() + 3_000, warm)));
    await sleep(2_000);
    const pids = workerdPids().filter((p) => !before.has(p));
    const b = sample(pids);
    const count = { n: 0 };
    await Promise.all(Array.from({ length: concurrency }, () => loop(Date.now() + durationMs, count)));
    await sleep(5_000);
    const a = sample(pids);
    return ((a.rssKiB - b.rssKiB) * 1024) / Math.max(1, count.n);
  } finally {
    await mf.dispose();
  }
}

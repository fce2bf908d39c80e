/**
 * `npm run soak:worker [-- --duration-s 120 --concurrency 8]`: the worker soak (scripts/lib/worker-soak.ts).
 * Bounded (at most 600 s of traffic); exits 1 when an idempotent request failed while an origin would
 * answer, or when workerd's RSS or file descriptors do not return to their baseline.
 */
import { runWorkerSoak } from "./lib/worker-soak.ts";

process.env.WRANGLER_SEND_METRICS = "false";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

const durationS = Math.min(600, arg("duration-s", 120));
const report = await runWorkerSoak({
  durationMs: durationS * 1000,
  concurrency: arg("concurrency", 8),
  reloadMs: arg("reload-ms", 2_000),
  faultMs: arg("fault-ms", 3_000),
  log: (s) => console.log(`[soak:worker] ${s}`),
});
console.log(JSON.stringify(report, null, 2));
/**
 * Heap: RSS growth per request within the bare proxy worker's under the same traffic (x1.5, +2 KiB);
 * fds back to the baseline (+8).
 */
const leaked = report.bytesPerRequest > report.controlBytesPerRequest * 1.5 + 2048 || report.fdGrowth > 8;
if (report.failed > 0 || leaked) {
  console.error(
    `[soak:worker] FAILED: ${report.failed} failed requests, ${report.bytesPerRequest.toFixed(0)} B/request RSS growth (control ${report.controlBytesPerRequest.toFixed(0)}), fds +${report.fdGrowth}`,
  );
  process.exit(1);
}
console.log(
  `[soak:worker] ok: ${report.requests} requests in ${durationS} s, ${report.reloads} reloads, ${report.faultChanges} fault changes, RSS +${report.rssGrowthKiB} KiB (${report.bytesPerRequest.toFixed(0)} B/request; bare-worker control ${report.controlBytesPerRequest.toFixed(0)}), fds +${report.fdGrowth}`,
);

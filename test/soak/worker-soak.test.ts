import { expect, it } from "vitest";
import { runWorkerSoak } from "../../scripts/lib/worker-soak.ts";

/**
 * The short worker soak in `npm test` (the long one: `npm run soak:worker`, figures in
 * test/RELIABILITY.md): steady traffic while the table changes every 2 s and origins fail in turn.
 */
it("no idempotent request fails while tables change and origins fail; fds and heap return to baseline", async () => {
  const r = await runWorkerSoak({ durationMs: 8_000, concurrency: 4, reloadMs: 2_000, faultMs: 2_000 });
  expect(r.failures).toEqual({});
  expect(r.failed).toBe(0);
  expect(r.requests).toBeGreaterThan(200);
  expect(r.reloads).toBeGreaterThanOrEqual(3);
  expect(r.faultChanges).toBeGreaterThanOrEqual(3);
  expect(r.fdGrowth).toBeLessThanOrEqual(8);
  // Short runs are noisy: twice the bare proxy worker's growth per request, plus 4 KiB.
  expect(r.bytesPerRequest).toBeLessThanOrEqual(r.controlBytesPerRequest * 2 + 4096);
}, 180_000);

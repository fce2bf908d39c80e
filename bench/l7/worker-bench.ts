/** The worker group: build the deployable bundle once, judge its size, then its throughput in workerd. */

import { join } from "node:path";
import type { GroupContext } from "../lib/group.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, unmeasured } from "../lib/types.ts";
import { BUNDLE_DIR, buildBundle, bundleFigure } from "./bundle.ts";
import { throughputFigures } from "./throughput.ts";

/** Every figure of the one interleaved l7.throughput run (rps, CPU per request, p99). */
export const THROUGHPUT_KEYS = [
  "l7.throughput",
  "l7.throughput.bare_handler",
  "l7.throughput.peer",
  "l7.cpu_us",
  "l7.p99",
];

export async function workerGroupRun(ctx: GroupContext, keys: readonly string[]): Promise<FigureResult[]> {
  const built = await buildBundle();
  const out: FigureResult[] = [];
  if (keys.includes("l7.bundle")) out.push(await bundleFigure(built));
  const wanted = THROUGHPUT_KEYS.filter((k) => keys.includes(k));
  if (wanted.length === 0) return out;
  const unmeasuredAll = (why: string) => {
    for (const k of wanted) out.push(unmeasured(k, FIGURES[k]!.unit, FIGURES[k]!.target, why));
  };
  const bare = typeof built === "string" ? built : await buildBundle("src/worker/bare.ts", join(BUNDLE_DIR, "bare"));
  if (typeof built === "string") unmeasuredAll(built);
  else if (typeof bare === "string") unmeasuredAll(`bare handler: ${bare}`);
  else {
    try {
      const figures = await throughputFigures(
        { router: built.file, bareHandler: bare.file },
        ctx.opts.quick,
        ctx.opts.profile && ctx.remainingMs() > 90_000,
        ctx.log,
      );
      // Selecting any of them runs the whole run; every figure it measured is then reported.
      out.push(...figures);
    } catch (e) {
      unmeasuredAll(`failed: ${(e as Error).message.split("\n").slice(0, 6).join(" | ")}`);
    }
  }
  return out;
}

/** The worker group: build the deployable bundle once, judge its size, then its throughput in workerd. */
import type { GroupContext } from "../lib/group.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, unmeasured } from "../lib/types.ts";
import { buildBundle, bundleFigure } from "./bundle.ts";
import { throughputFigure } from "./throughput.ts";

export async function workerGroupRun(ctx: GroupContext, keys: readonly string[]): Promise<FigureResult[]> {
  const built = await buildBundle();
  const out: FigureResult[] = [];
  if (keys.includes("l7.bundle")) out.push(await bundleFigure(built));
  if (keys.includes("l7.throughput")) {
    const { unit, target } = FIGURES["l7.throughput"]!;
    if (typeof built === "string") out.push(unmeasured("l7.throughput", unit, target, built));
    else {
      try {
        out.push(
          await throughputFigure(built.file, ctx.opts.quick, ctx.opts.profile && ctx.remainingMs() > 90_000, ctx.log),
        );
      } catch (e) {
        out.push(
          unmeasured(
            "l7.throughput",
            unit,
            target,
            `failed: ${(e as Error).message.split("\n").slice(0, 6).join(" | ")}`,
          ),
        );
      }
    }
  }
  return out;
}

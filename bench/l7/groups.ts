/** The L7 figure groups: matcher, compile (cold start), and the worker bundle (size and throughput). */
import type { FigureGroup } from "../lib/group.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, unmeasured } from "../lib/types.ts";
import { buildBundle } from "./bundle.ts";
import { compileFigure } from "./compile.ts";
import { conditionsFigure, matchFigure } from "./match.ts";
import { policyFigures } from "./policy.ts";
import { profileMatch } from "./profile-match.ts";
import { regexLinearFigure } from "./regex-linear.ts";
import { THROUGHPUT_KEYS, workerGroupRun } from "./worker-bench.ts";

export const matchGroup: FigureGroup = {
  name: "l7 matcher",
  keys: ["l7.match", "l7.match.conditions"],
  tools: [],
  estimateS: (q, keys) => (keys.includes("l7.match") ? (q ? 20 : 60) : q ? 6 : 12),
  async run(ctx, keys) {
    const figures: FigureResult[] = [];
    if (keys.includes("l7.match")) figures.push(await matchFigure(ctx.opts.quick, ctx.log));
    if (keys.includes("l7.match.conditions")) figures.push(await conditionsFigure(ctx.opts.quick, ctx.log));
    for (const f of figures) {
      if (!ctx.opts.profile || f.met !== false || ctx.remainingMs() <= 60_000) continue;
      ctx.log(`  profiling our matcher (${f.key} missed)`);
      f.notes.push(...(await profileMatch(f)));
    }
    return figures;
  },
};

export const regexGroup: FigureGroup = {
  name: "l7 regex safety",
  keys: ["l7.regex_linear"],
  tools: [],
  estimateS: (q) => (q ? 15 : 45),
  run: async (ctx) => [await regexLinearFigure(ctx.opts.quick, ctx.log)],
};

export const compileGroup: FigureGroup = {
  name: "l7 compile",
  keys: ["l7.compile"],
  tools: [],
  estimateS: (q) => (q ? 8 : 20),
  run: async (ctx) => [await compileFigure(ctx.opts.quick, ctx.opts.profile && ctx.remainingMs() > 60_000, ctx.log)],
};

export const workerGroup: FigureGroup = {
  name: "l7 worker bundle",
  keys: ["l7.bundle", ...THROUGHPUT_KEYS],
  tools: ["wrk"],
  estimateS: (q, keys) => (keys.some((k) => THROUGHPUT_KEYS.includes(k)) ? (q ? 70 : 160) : 15),
  run: (ctx, keys) => workerGroupRun(ctx, keys),
};

export const policyGroup: FigureGroup = {
  name: "l7 policies",
  keys: ["l7.policy.jwt", "l7.policy.ratelimit"],
  tools: ["wrk"],
  estimateS: (q) => (q ? 40 : 100),
  async run(ctx, keys) {
    const built = await buildBundle();
    if (typeof built === "string") return keys.map((k) => unmeasured(k, FIGURES[k]!.unit, FIGURES[k]!.target, built));
    const profile = ctx.opts.profile && ctx.remainingMs() > 120_000;
    return policyFigures(built.file, keys, ctx.opts.quick, ctx.log, profile);
  },
};

/**
 * One l7.match table in a fresh process, so JIT feedback from other tables cannot favour or
 * penalise any router: builds every router on the table, checks their answers, then times them
 * in interleaved rounds. Prints one JSON line (TableOutcome).
 * Usage: node bench/l7/match-child.ts TABLE quick|full   (TABLE: github | synthetic-N | conditions)
 */
import { GITHUB_ROUTES } from "../data/github-routes.ts";
import { syntheticRoutes } from "../data/synthetic.ts";
import { round3 } from "../lib/stats.ts";
import { type LoadedRouter, loadFindMyWay, loadHono, regExpRouterSubset } from "./baselines.ts";
import { conditionsDoc, pathOnlyDoc } from "./edge-tables.ts";
import { compileDoc, loadOurModules, loadOurs, makeInputs } from "./ours.ts";
import { expectedName, parseTemplates, requestMix } from "./templates.ts";
import { type TimingPlan, timeRouters } from "./timing.ts";

export interface TableOutcome {
  table: string;
  routes: number;
  droppedForRegExpRouter: number;
  requests: number;
  medians: Record<string, number>;
  samples: Record<string, number[]>;
  wrongAnswers: Record<string, number>;
  notes: string[];
}

const table = process.argv[2] ?? "github";
const quick = process.argv[3] === "quick";
const plan: TimingPlan = quick
  ? { rounds: 5, sampleNs: 10e6, warmupNs: 150e6 }
  : { rounds: 15, sampleNs: 15e6, warmupNs: 400e6 };

const all = parseTemplates(
  table === "github" || table === "conditions" ? GITHUB_ROUTES : syntheticRoutes(Number(table.split("-")[1])),
);
const routes = regExpRouterSubset(all);
const cond = table === "conditions";
const reqs = requestMix(routes, routes.length > 2000 ? 8000 : 4000, cond ? 13 : 7);
const out: TableOutcome = {
  table,
  routes: cond ? routes.length * 4 : routes.length,
  droppedForRegExpRouter: all.length - routes.length,
  requests: reqs.length,
  medians: {},
  samples: {},
  wrongAnswers: {},
  notes: [],
};

const routers: LoadedRouter[] = [];
const expected: string[] = [];
const mods = await loadOurModules();
if (cond) {
  if (typeof mods === "string") throw new Error(mods);
  const { inputs, flavours } = makeInputs(reqs, true);
  routers.push(loadOurs("ours-path-only", compileDoc(mods, pathOnlyDoc(routes)), inputs));
  // Its own copy of the inputs, so the two tables never share a cached cookie parse.
  routers.push(loadOurs("ours-conditions", compileDoc(mods, conditionsDoc(routes)), makeInputs(reqs, true).inputs));
  reqs.forEach((q, i) => expected.push(expectedName(q, flavours[i])));
} else {
  if (typeof mods === "string") out.notes.push(`ours not measured: ${mods}`);
  else {
    try {
      routers.push(loadOurs("ours", compileDoc(mods, pathOnlyDoc(routes)), makeInputs(reqs, false).inputs));
    } catch (e) {
      out.notes.push(`ours failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  routers.push(loadHono(routes, reqs), loadFindMyWay(routes, reqs, false), loadFindMyWay(routes, reqs, true));
  for (const q of reqs) expected.push(expectedName(q));
}

for (const r of routers) {
  // ours-path-only answers plain names for the conditions mix; only the conditions table is checked there.
  if (r.name === "ours-path-only") continue;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) if (r.routeOf(i) !== expected[i]) bad++;
  if (bad) out.wrongAnswers[r.name] = bad;
}

const { medians, samples } = await timeRouters(routers, reqs.length, plan);
out.medians = medians;
out.samples = samples;
if (medians.ours !== undefined && medians["hono-regexp"])
  out.notes.push(`ratio ${round3(medians.ours / medians["hono-regexp"])}`);
console.log(JSON.stringify(out));

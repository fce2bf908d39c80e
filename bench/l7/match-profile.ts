/** Child process for profile-match.ts: runs our matcher on one bench table for ~3 s. Usage: node --cpu-prof bench/l7/match-profile.ts TABLE */
import { GITHUB_ROUTES } from "../data/github-routes.ts";
import { syntheticRoutes } from "../data/synthetic.ts";
import { regExpRouterSubset } from "./baselines.ts";
import { conditionsDoc, pathOnlyDoc } from "./edge-tables.ts";
import { compileDoc, loadOurModules, loadOurs, makeInputs } from "./ours.ts";
import { parseTemplates, requestMix } from "./templates.ts";

const table = process.argv[2] ?? "github";
const mods = await loadOurModules();
if (typeof mods === "string") throw new Error(mods);
const source =
  table === "github" || table === "conditions" ? GITHUB_ROUTES : syntheticRoutes(Number(table.split("-")[1]));
const routes = regExpRouterSubset(parseTemplates(source));
const cond = table === "conditions";
const reqs = requestMix(routes, 4000, cond ? 13 : 7);
const doc = cond ? conditionsDoc(routes) : pathOnlyDoc(routes);
const r = loadOurs("ours", compileDoc(mods, doc), makeInputs(reqs, cond).inputs);
// Tell the parent where the load starts, so start-up samples are left out of the summary.
console.log(`since ${process.hrtime.bigint() / 1000n}`);
const end = Date.now() + 3000;
let sum = 0;
while (Date.now() < end) sum += r.pass();
console.log(`passes done, checksum ${sum}`);

/**
 * One cold-start sample for l7.compile, in a fresh process: validate (parseEdgeConfig) and compile
 * (compileRouteTable) a synthetic table of N routes, first call (cold JIT) and a few warm repeats.
 * Prints one JSON line. Usage: node bench/l7/compile-child.ts N
 */
import { syntheticRoutes } from "../data/synthetic.ts";
import { median } from "../lib/stats.ts";
import { pathOnlyDoc } from "./edge-tables.ts";
import { compileDoc, loadOurModules } from "./ours.ts";
import { parseTemplates } from "./templates.ts";

const n = Number(process.argv[2]);
const mods = await loadOurModules();
if (typeof mods === "string") {
  console.log(JSON.stringify({ error: mods }));
  process.exit(0);
}
// The worker gets the document as JSON text from KV; every sample starts from a fresh parse.
const text = JSON.stringify(pathOnlyDoc(parseTemplates(syntheticRoutes(n))));
const once = (): number => {
  const doc: unknown = JSON.parse(text);
  const t0 = performance.now();
  compileDoc(mods, doc);
  return performance.now() - t0;
};
try {
  const cold = once();
  const warm = [once(), once(), once(), once(), once()];
  console.log(JSON.stringify({ cold, warm: median(warm) }));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message.split("\n")[0] }));
}

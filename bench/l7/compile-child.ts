/**
 * One cold-start sample for l7.compile, in a fresh process: validate (parseEdgeConfig) and compile
 * (compileRouteTable) a synthetic table of N routes, first call (cold JIT) and a few warm repeats.
 * Prints one JSON line with total, validate and compile ms.
 * Usage: node bench/l7/compile-child.ts N [repeatForProfileSeconds]
 */
import { syntheticRoutes } from "../data/synthetic.ts";
import { median } from "../lib/stats.ts";
import { pathOnlyDoc } from "./edge-tables.ts";
import { loadOurModules } from "./ours.ts";
import { parseTemplates } from "./templates.ts";

const n = Number(process.argv[2]);
const profileSeconds = Number(process.argv[3] ?? 0);
const mods = await loadOurModules();
if (typeof mods === "string") {
  console.log(JSON.stringify({ error: mods }));
  process.exit(0);
}
// The worker gets the document as JSON text from KV; every sample starts from a fresh parse.
const text = JSON.stringify(pathOnlyDoc(parseTemplates(syntheticRoutes(n))));
// Not timed: the JSON parse a Worker does before validating. Validation never mutates its input
// (validation builds new objects), so one parsed document serves every repeat.
const doc: unknown = JSON.parse(text);
const once = (): { total: number; validate: number; compile: number } => {
  const t0 = performance.now();
  const parsed = mods.schema.parseEdgeConfig(doc);
  const t1 = performance.now();
  if (!parsed.ok)
    throw new Error(
      `table rejected: ${parsed.issues
        .slice(0, 2)
        .map((i) => `${i.path}: ${i.message}`)
        .join("; ")}`,
    );
  mods.router.compileRouteTable(parsed.config);
  const t2 = performance.now();
  return { total: t2 - t0, validate: t1 - t0, compile: t2 - t1 };
};
try {
  const cold = once();
  const warm = [once(), once(), once(), once(), once()];
  if (profileSeconds) console.log(`since ${process.hrtime.bigint() / 1000n}`);
  const end = Date.now() + profileSeconds * 1000;
  while (Date.now() < end) once();
  console.log(
    JSON.stringify({
      cold: cold.total,
      coldValidate: cold.validate,
      coldCompile: cold.compile,
      warm: median(warm.map((w) => w.total)),
      warmValidate: median(warm.map((w) => w.validate)),
      warmCompile: median(warm.map((w) => w.compile)),
    }),
  );
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message.split("\n")[0] }));
}

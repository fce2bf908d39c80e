/**
 * `npm run origins -- [FILE]`: only the demo origins of a table (default examples/routes.json), for
 * running the worker another way, e.g. `wrangler dev` (docs/development.md, "wrangler dev").
 * Every loopback origin the table's pools name gets a demo origin; Ctrl-C stops them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatIssues, parseEdgeConfigText } from "../src/schema/index.ts";
import { startDemoOrigin } from "./lib/demo-origin.ts";
import { localOrigins } from "./lib/table-origins.ts";

const file = resolve(process.argv[2] ?? "examples/routes.json");
const parsed = parseEdgeConfigText(readFileSync(file, "utf8"));
if (!parsed.ok) {
  console.error(`${file} is invalid:\n${formatIssues(parsed.issues)}`);
  process.exit(1);
}
const origins = await Promise.all(localOrigins(parsed.config).map((o) => startDemoOrigin(o.name, o.port)));
for (const o of origins) console.log(`demo origin ${o.name} on ${o.url}`);
const stop = async () => {
  await Promise.allSettled(origins.map((o) => o.close()));
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

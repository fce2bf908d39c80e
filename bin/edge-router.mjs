#!/usr/bin/env node
// `npx edge-router <command>`: plain JavaScript so it starts on any Node >= 20. It runs the CLI from
// its TypeScript sources when this Node strips types (>= 22.18), else the bundle `npm run build:cli`
// writes to dist/, else the sources on this project's pinned Node (the `node` devDependency).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const src = new URL("src/cli/main.ts", root);
const dist = new URL("dist/edge-router.mjs", root);
const pinned = fileURLToPath(new URL("node_modules/node/bin/node", root));
const args = process.argv.slice(2);

if (process.features?.typescript || existsSync(dist)) {
  const { main } = await import((process.features?.typescript ? src : dist).href);
  process.exitCode = await main(args);
} else if (existsSync(pinned)) {
  const r = spawnSync(pinned, [fileURLToPath(src), ...args], { stdio: "inherit" });
  process.exitCode = r.status ?? 1;
} else {
  console.error("edge-router: this Node cannot run TypeScript sources; run `npm run build:cli` first");
  process.exitCode = 2;
}

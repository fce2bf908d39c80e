/**
 * `npm run build`: bundles the L4 relay into one JavaScript file, dist/edge-relay.mjs, that runs
 * on Node 20 and later with nothing else (no type stripping, no node_modules): every import is
 * inlined, the dynamically loaded UDP and SNI modules too. package.json's `bin` points at it.
 */
import { chmodSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const RELAY_BUNDLE = path.join(ROOT, "dist", "edge-relay.mjs");

await build({
  entryPoints: [path.join(ROOT, "src/relay/control/main.ts")],
  outfile: RELAY_BUNDLE,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Keep function and class names: log lines and stack traces stay readable.
  minify: false,
  sourcemap: false,
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(RELAY_BUNDLE, 0o755);
console.log(
  `built ${path.relative(process.cwd(), RELAY_BUNDLE)} (${Math.round(statSync(RELAY_BUNDLE).size / 1024)} KiB)`,
);

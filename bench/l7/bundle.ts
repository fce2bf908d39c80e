/**
 * l7.bundle: the bundle `wrangler deploy` would upload (`--dry-run --outdir`, no network), gzipped.
 * When it is over budget, an esbuild metafile of the same entry says which packages the bytes
 * come from, and what `minify = true` would give.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, TMP } from "../l4/contenders.ts";
import { run } from "../lib/procs.ts";
import { round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";

export const BUNDLE_BUDGET = 64 * 1024;
export const BUNDLE_DIR = join(TMP, "bundle");
const BIN = join(ROOT, "node_modules", ".bin");

/** `entry`: another worker entry than wrangler.toml's `main` (the bare handler), bundled the same way. */
export async function buildBundle(
  entry?: string,
  outDir = BUNDLE_DIR,
): Promise<{ file: string; wranglerSays: string } | string> {
  rmSync(outDir, { recursive: true, force: true });
  const args = ["deploy", "--dry-run", "--outdir", outDir, ...(entry ? [entry] : [])];
  const r = await run("wrangler-dry-run", join(BIN, "wrangler"), args, {
    cwd: ROOT,
    timeoutMs: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  if (r.code !== 0)
    return `wrangler deploy --dry-run failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n").slice(-4).join(" | ")}`;
  const says = /Total Upload:[^\n]*/.exec(r.stdout)?.[0] ?? "";
  const file = join(outDir, entry ? `${entry.split("/").pop()!.replace(/\.ts$/, "")}.js` : "index.js");
  return { file, wranglerSays: says.trim() };
}

/** Bytes per package (node_modules/<pkg>, or src/<dir>) in a minified esbuild bundle of the worker entry. */
async function breakdown(): Promise<string[]> {
  const meta = join(TMP, "bundle-meta.json");
  const out = join(TMP, "bundle-min.js");
  const r = await run(
    "esbuild-meta",
    join(BIN, "esbuild"),
    [
      "src/worker/index.ts",
      "--bundle",
      "--format=esm",
      "--minify",
      "--platform=neutral",
      "--conditions=workerd,worker,browser",
      "--main-fields=module,main",
      // What the runtime provides (the rate-limit Durable Object imports cloudflare:workers).
      "--external:cloudflare:*",
      "--external:node:*",
      `--metafile=${meta}`,
      `--outfile=${out}`,
      "--log-level=error",
    ],
    { cwd: ROOT, timeoutMs: 60_000 },
  );
  if (r.code !== 0) return [`esbuild breakdown failed: ${r.stderr.trim().split("\n")[0]}`];
  const m = JSON.parse(readFileSync(meta, "utf8")) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const by = new Map<string, number>();
  for (const o of Object.values(m.outputs)) {
    for (const [file, v] of Object.entries(o.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split("/").slice(0, 2).join("/");
      by.set(pkg, (by.get(pkg) ?? 0) + v.bytesInOutput);
    }
  }
  const minGz = gzipSync(readFileSync(out)).length;
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const rows = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return [
    `esbuild --minify of the same entry (a cross-check of wrangler's output): ${minGz} bytes gzipped`,
    `where the minified bytes come from (before gzip, ${total} bytes): ${rows.map(([k, v]) => `${k} ${Math.round((v / total) * 100)}%`).join(", ")}`,
  ];
}

export async function bundleFigure(built: { file: string; wranglerSays: string } | string): Promise<FigureResult> {
  const { unit, target } = FIGURES["l7.bundle"]!;
  if (typeof built === "string")
    return { key: "l7.bundle", unit, medians: {}, ratio: null, target, met: null, notes: [built] };
  const raw = readFileSync(built.file);
  const gz = gzipSync(raw).length;
  const ratio = round3(gz / BUNDLE_BUDGET);
  const notes = [`wrangler deploy --dry-run: ${built.wranglerSays || "(no size line)"}; raw ${raw.length} bytes`];
  const met = judge(ratio, target);
  if (met === false) notes.push(...(await breakdown()));
  return {
    key: "l7.bundle",
    unit,
    medians: { gzip: gz, raw: raw.length, budget: BUNDLE_BUDGET },
    ratio,
    target,
    met,
    notes,
  };
}

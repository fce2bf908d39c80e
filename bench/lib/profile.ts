/**
 * Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time per function, heaviest
 * first, with the share of all samples, so RESULTS.md can say where the time goes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime?: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Now on the clock V8 stamps profiles with (monotonic, µs), so samples can be cut at a moment. */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface HotSpot {
  fn: string;
  where: string;
  selfPct: number;
}

const ROOT = join(import.meta.dirname, "..", "..");

function where(url: string, line: number): string {
  if (!url) return "(native)";
  const path = url.startsWith("file://") ? new URL(url).pathname : url;
  const rel = path.startsWith("/") ? relative(ROOT, path) : path;
  return `${rel}:${line + 1}`;
}

/** Maps bundle positions back to sources (`file` is the bundle's URL in the profile, e.g. "index.js"). */
export interface BundleMap {
  file: string;
  map: SourceMap;
}

export function loadBundleMap(file: string, mapPath: string): BundleMap | undefined {
  try {
    return { file, map: new SourceMap(JSON.parse(readFileSync(mapPath, "utf8"))) };
  } catch {
    return undefined;
  }
}

/** "fn (file:line)" for a profile node, through the bundle's source map when there is one (minified names too). */
function label(n: ProfileNode, bm?: BundleMap): string {
  const { url, lineNumber, columnNumber, functionName } = n.callFrame;
  const fn = functionName || "(anonymous)";
  if (bm && url?.endsWith(bm.file)) {
    const e = bm.map.findEntry(lineNumber, columnNumber ?? 0) as {
      originalSource?: string;
      originalLine?: number;
      name?: string;
    };
    if (e?.originalSource) {
      const src = e.originalSource.replace(/^.*?(src\/|node_modules\/)/, "$1");
      return `${e.name ?? fn}\t${src}:${(e.originalLine ?? 0) + 1}`;
    }
  }
  return `${fn}\t${where(url, lineNumber)}`;
}

/** Merges every profile in `dir` (one per process, e.g. relay workers) into one self-time ranking. */
export function summariseProfiles(
  dir: string,
  top = 12,
  bm?: BundleMap,
  /** Ignore samples taken before this profileClockUs() moment (start-up, module loading). */
  sinceUs?: number,
): { hot: HotSpot[]; files: string[]; totalSamples: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const self = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const counts = new Map<number, number>();
    if (p.samples) {
      let t = p.startTime ?? 0;
      p.samples.forEach((s, i) => {
        t += p.timeDeltas?.[i] ?? 0;
        if (sinceUs === undefined || t >= sinceUs) counts.set(s, (counts.get(s) ?? 0) + 1);
      });
    } else for (const n of p.nodes) counts.set(n.id, n.hitCount ?? 0);
    for (const [id, c] of counts) {
      const n = byId.get(id);
      if (!n) continue;
      // Idle time is the event loop waiting for the kernel, not our code.
      if (n.callFrame.functionName === "(idle)") continue;
      const key = label(n, bm);
      self.set(key, (self.get(key) ?? 0) + c);
      total += c;
    }
  }
  const hot = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, c]) => {
      const [fn, at] = k.split("\t") as [string, string];
      return { fn, where: at, selfPct: Math.round((c / Math.max(total, 1)) * 1000) / 10 };
    });
  return { hot, files: files.map((f) => join(dir, f)), totalSamples: total };
}

export function formatHot(hot: readonly HotSpot[]): string[] {
  return hot.map((h) => `${h.selfPct.toFixed(1)}% ${h.fn} (${h.where})`);
}

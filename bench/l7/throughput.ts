/**
 * l7.throughput: wrk against our worker bundle and against a bare pass-through worker, each in its
 * own raw `workerd serve` process, both proxying to the same fast loopback origin; 1,000-route
 * table; interleaved rounds; rps judged, p99 reported.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticRoutes } from "../data/synthetic.ts";
import { ROOT, TMP } from "../l4/contenders.ts";
import { freePort, HOST, treeCpuMs, waitForPort } from "../lib/net.ts";
import { run, type Started, start } from "../lib/procs.ts";
import { formatHot, loadBundleMap, summariseProfiles } from "../lib/profile.ts";
import { interleave, median, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";
import { pathOnlyDoc } from "./edge-tables.ts";
import { profileWorker } from "./inspector-profile.ts";
import { parseTemplates, requestMix } from "./templates.ts";
import { writeBareConfig, writeRouterConfig } from "./workerd-config.ts";

export const WORKERD = join(ROOT, "node_modules", ".bin", "workerd");

export function wranglerVars(): { vars: Record<string, string>; compatibilityDate: string } {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? "2026-11-01";
  const vars: Record<string, string> = {};
  const section = /^\[vars\]\s*\n([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  for (const m of section.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"/gm)) vars[m[1]!] = m[2]!;
  return { vars, compatibilityDate };
}

function luaScript(paths: readonly string[]): string {
  return `local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`;
}

export interface WrkResult {
  rps: number;
  requests: number;
  p99ms: number;
  non2xx: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return Number.NaN;
  const x = Number(m[1]);
  return m[2] === "us" ? x / 1000 : m[2] === "s" ? x * 1000 : x;
}

export async function wrk(port: number, script: string, seconds: number): Promise<WrkResult | null> {
  const r = await run(
    "wrk",
    "wrk",
    ["-t1", "-c16", `-d${seconds}s`, "--latency", "-s", script, `http://${HOST}:${port}/`],
    {
      timeoutMs: (seconds + 20) * 1000,
    },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const p99 = /^\s+99%\s+(\S+)/m.exec(r.stdout)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? 0);
  return Number.isFinite(rps) ? { rps, requests, p99ms: p99 ? toMs(p99) : Number.NaN, non2xx } : null;
}

async function check(port: number, path: string): Promise<string | null> {
  try {
    const res = await fetch(`http://${HOST}:${port}${path}`);
    const text = await res.text();
    return res.status === 200 && text.includes('"origin":"bench"')
      ? null
      : `GET ${path} answered ${res.status}: ${text.slice(0, 200)}`;
  } catch (e) {
    return `GET ${path} failed: ${(e as Error).message}`;
  }
}

export async function startWorkerd(
  name: string,
  config: string,
  port: number,
  dir: string,
  checkPath: string,
  extra: string[] = [],
): Promise<Started> {
  const p = start(`workerd-${name}`, WORKERD, ["serve", config, ...extra], { cwd: dir });
  await waitForPort(port, 20_000, () => p.child.exitCode === null).catch((e: Error) => {
    void p.stop();
    throw new Error(`workerd (${name}) did not start: ${e.message}\n${p.tail()}`);
  });
  const bad = await check(port, checkPath);
  if (bad) {
    await p.stop();
    throw new Error(`${name} worker is not proxying: ${bad}\n${p.tail().slice(-800)}`);
  }
  return p;
}

/** Profiles our worker in a fresh workerd with the inspector on, under the same wrk load. */
async function profileRouter(
  dir: string,
  configFor: (port: number) => string,
  checkPath: string,
  script: string,
  sourceMap: string,
): Promise<string[]> {
  const port = await freePort();
  const inspector = await freePort();
  const profDir = join(TMP, "prof", "worker");
  mkdirSync(profDir, { recursive: true });
  for (const f of readdirSync(profDir)) rmSync(join(profDir, f));
  const p = await startWorkerd("router-profile", configFor(port), port, dir, checkPath, [
    `--inspector-addr=127.0.0.1:${inspector}`,
  ]);
  try {
    await wrk(port, script, 2);
    await profileWorker(inspector, "router", join(profDir, "worker.cpuprofile"), () => wrk(port, script, 3));
  } finally {
    await p.stop();
  }
  const { hot, totalSamples } = summariseProfiles(profDir, 14, loadBundleMap("index.js", sourceMap));
  return [
    `profile of our worker in workerd (V8 inspector, ${totalSamples} samples under wrk, self time; bench/tmp/prof/worker):`,
    ...formatHot(hot).map((l) => `  ${l}`),
  ];
}

export async function throughputFigure(
  bundleFile: string,
  quick: boolean,
  profile: boolean,
  log: (s: string) => void,
): Promise<FigureResult> {
  const { unit, target } = FIGURES["l7.throughput"]!;
  const notes: string[] = [
    "raw `workerd serve` (node_modules/workerd), one process per worker; KV pre-seeded by an in-config KV service worker",
  ];
  const dir = join(TMP, "workerd");
  mkdirSync(dir, { recursive: true });
  const procs: Started[] = [];
  try {
    const originPort = await freePort();
    const origin = start("origin", process.execPath, [
      join(import.meta.dirname, "origin-server.ts"),
      String(originPort),
    ]);
    procs.push(origin);
    await waitForPort(originPort, 10_000, () => origin.child.exitCode === null);

    const routes = parseTemplates(syntheticRoutes(1000));
    const docFile = join(dir, "routes.json");
    writeFileSync(docFile, JSON.stringify(pathOnlyDoc(routes, `http://${HOST}:${originPort}`)));
    const paths = [
      ...new Set(
        requestMix(routes, 4000, 5)
          .filter((q) => q.method === "GET" && q.expect >= 0)
          .map((q) => q.path),
      ),
    ].slice(0, 300);
    const script = join(dir, "paths.lua");
    writeFileSync(script, luaScript(paths));

    const { vars, compatibilityDate } = wranglerVars();
    const ports = { router: await freePort(), bare: await freePort() };
    const routerConfig = (port: number) =>
      writeRouterConfig({ dir, port, compatibilityDate }, bundleFile, docFile, vars);
    const configs = {
      router: routerConfig(ports.router),
      bare: writeBareConfig({ dir, port: ports.bare, compatibilityDate }, `${HOST}:${originPort}`),
    };
    const workerd: Record<string, Started> = {};
    for (const name of ["router", "bare"] as const)
      procs.push((workerd[name] = await startWorkerd(name, configs[name], ports[name], dir, paths[0]!)));
    const seconds = quick ? 3 : 5;
    for (const name of ["router", "bare"] as const) await wrk(ports[name], script, 2); // JIT warm-up
    const p99: Record<string, number[]> = { router: [], bare: [] };
    // workerd CPU time per 1,000 requests: the cost of each worker independent of machine load.
    const cpu: Record<string, number[]> = { router: [], bare: [] };
    let errors = 0;
    const samples = await interleave(["router", "bare"], quick ? 2 : 4, async (name) => {
      const before = treeCpuMs(workerd[name]!.pid);
      const r = await wrk(ports[name as "router" | "bare"], script, seconds);
      if (!r) return null;
      const after = treeCpuMs(workerd[name]!.pid);
      if (r.requests > 0) cpu[name]!.push(((after.user + after.sys - before.user - before.sys) * 1000) / r.requests);
      p99[name]!.push(r.p99ms);
      errors += r.non2xx;
      return r.rps;
    });
    if (errors) notes.push(`${errors} non-2xx responses during the runs`);
    const med = { ours: round3(median(samples.router!)), bare: round3(median(samples.bare!)) };
    const ratio = samples.router!.length && samples.bare!.length ? round3(med.ours / med.bare) : null;
    const met = judge(ratio, target);
    if (met === false && profile) {
      for (const p of procs.splice(1)) await p.stop(); // leave the origin up, free the CPU
      try {
        notes.push(...(await profileRouter(dir, routerConfig, paths[0]!, script, `${bundleFile}.map`)));
      } catch (e) {
        notes.push(`profile failed: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    log(
      `  l7.throughput: ours ${med.ours} rps (p99 ${round3(median(p99.router!))} ms), bare ${med.bare} rps (p99 ${round3(median(p99.bare!))} ms)`,
    );
    return {
      key: "l7.throughput",
      unit,
      medians: med,
      ratio,
      target,
      met,
      samples: { ours: samples.router!, bare: samples.bare! },
      cases: {
        p99ms: { ours: round3(median(p99.router!)), bare: round3(median(p99.bare!)) },
        "workerd CPU ms per 1k requests": { ours: round3(median(cpu.router!)), bare: round3(median(cpu.bare!)) },
        routes: routes.length,
        wrk: `-t1 -c16 -d${seconds}s, ${paths.length} paths`,
      },
      notes,
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

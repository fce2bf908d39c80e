/**
 * l7.throughput: wrk against our default (Hono) worker, our bare handler, a bare pass-through
 * worker and a hand-written Hono + hono/proxy peer, each in its own raw `workerd serve` process, all
 * proxying to the same fast loopback origin; 1,000-route table; interleaved rounds; rps judged,
 * p99 and workerd CPU per request reported.
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
import { buildPeer } from "./peer-worker.ts";
import { parseTemplates, requestMix } from "./templates.ts";
import { writeBareConfig, writePeerConfig, writeRouterConfig } from "./workerd-config.ts";

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

/** The contenders, each in its own `workerd serve`: judged in pairs (see FIGURES). */
const CONTENDERS = ["router", "bare_handler", "bare", "peer"] as const;
type Contender = (typeof CONTENDERS)[number];

/**
 * l7.throughput and its two companions from one interleaved run of four workers against the same
 * origin: our default (Hono) worker, our bare handler, the bare pass-through, and the hand-written
 * Hono + hono/proxy peer. Returns [l7.throughput, l7.throughput.bare_handler, l7.throughput.peer].
 */
export async function throughputFigures(
  bundles: { router: string; bareHandler: string },
  quick: boolean,
  profile: boolean,
  log: (s: string) => void,
): Promise<FigureResult[]> {
  const notes: string[] = [
    "raw `workerd serve` (node_modules/workerd), one process per worker; KV pre-seeded by an in-config KV service worker",
    "contenders: ours = default worker (Hono app: adminApi + edgeRouter), bare_handler = src/worker/bare.ts, bare = pass-through worker, peer = Hono app with the same routes, each hono/proxy + X-Forwarded-*",
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
    const ports = {} as Record<Contender, number>;
    for (const name of CONTENDERS) ports[name] = await freePort();
    const routerConfig = (port: number) =>
      writeRouterConfig({ dir, port, compatibilityDate }, bundles.router, docFile, vars);
    const peerBundle = await buildPeer(dir, routes, `${HOST}:${originPort}`);
    const configs: Record<Contender, string> = {
      router: routerConfig(ports.router),
      bare_handler: writeRouterConfig(
        { dir, port: ports.bare_handler, compatibilityDate },
        bundles.bareHandler,
        docFile,
        vars,
        "bare-handler",
      ),
      bare: writeBareConfig({ dir, port: ports.bare, compatibilityDate }, `${HOST}:${originPort}`),
      peer: writePeerConfig({ dir, port: ports.peer, compatibilityDate }, peerBundle),
    };
    const workerd = {} as Record<Contender, Started>;
    for (const name of CONTENDERS)
      procs.push((workerd[name] = await startWorkerd(name, configs[name], ports[name], dir, paths[0]!)));
    const seconds = quick ? 3 : 5;
    for (const name of CONTENDERS) await wrk(ports[name], script, 2); // JIT warm-up
    const p99 = Object.fromEntries(CONTENDERS.map((n) => [n, [] as number[]])) as Record<Contender, number[]>;
    // workerd CPU time per 1,000 requests: the cost of each worker independent of machine load.
    const cpu = Object.fromEntries(CONTENDERS.map((n) => [n, [] as number[]])) as Record<Contender, number[]>;
    let errors = 0;
    const samples = await interleave([...CONTENDERS], quick ? 2 : 4, async (name) => {
      const c = name as Contender;
      const before = treeCpuMs(workerd[c].pid);
      const r = await wrk(ports[c], script, seconds);
      if (!r) return null;
      const after = treeCpuMs(workerd[c].pid);
      if (r.requests > 0) cpu[c].push(((after.user + after.sys - before.user - before.sys) * 1000) / r.requests);
      p99[c].push(r.p99ms);
      errors += r.non2xx;
      return r.rps;
    });
    if (errors) notes.push(`${errors} non-2xx responses during the runs`);
    const med = Object.fromEntries(CONTENDERS.map((n) => [n, round3(median(samples[n] ?? []))])) as Record<
      Contender,
      number
    >;
    const ratioOf = (a: Contender, b: Contender) =>
      samples[a]?.length && samples[b]?.length && med[b] > 0 ? round3(med[a] / med[b]) : null;
    const figure = (key: string, a: Contender, b: Contender): FigureResult => {
      const { unit, target } = FIGURES[key]!;
      const ratio = ratioOf(a, b);
      const label = (n: Contender) => (n === "router" ? "ours" : n);
      return {
        key,
        unit,
        medians: { [label(a)]: med[a], [label(b)]: med[b] },
        ratio,
        target,
        met: judge(ratio, target),
        samples: { [label(a)]: samples[a] ?? [], [label(b)]: samples[b] ?? [] },
        cases: {
          p99ms: { [label(a)]: round3(median(p99[a])), [label(b)]: round3(median(p99[b])) },
          "workerd CPU ms per 1k requests": { [label(a)]: round3(median(cpu[a])), [label(b)]: round3(median(cpu[b])) },
        },
        notes: [],
      };
    };
    const main = figure("l7.throughput", "router", "bare");
    main.cases = {
      ...main.cases,
      "all four (rps)": { ours: med.router, bare_handler: med.bare_handler, bare: med.bare, peer: med.peer },
      "all four (CPU ms per 1k requests)": Object.fromEntries(CONTENDERS.map((n) => [n, round3(median(cpu[n]))])),
      "default (Hono) ÷ bare handler": ratioOf("router", "bare_handler"),
      routes: routes.length,
      wrk: `-t1 -c16 -d${seconds}s, ${paths.length} paths, ${quick ? 2 : 4} interleaved rounds`,
    };
    main.notes = notes;
    const results = [
      main,
      figure("l7.throughput.bare_handler", "bare_handler", "bare"),
      figure("l7.throughput.peer", "router", "peer"),
    ];
    if (main.met === false && profile) {
      for (const p of procs.splice(1)) await p.stop(); // leave the origin up, free the CPU
      try {
        notes.push(...(await profileRouter(dir, routerConfig, paths[0]!, script, `${bundles.router}.map`)));
      } catch (e) {
        notes.push(`profile failed: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    log(
      `  l7.throughput: ${CONTENDERS.map((n) => `${n === "router" ? "ours" : n} ${med[n]} rps (p99 ${round3(median(p99[n]))} ms)`).join(", ")}`,
    );
    return results;
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

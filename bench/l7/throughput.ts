/**
 * l7.throughput: wrk against our default (Hono) worker, our bare handler, a bare pass-through
 * worker and a hand-written Hono + hono/proxy peer, each in its own raw `workerd serve` process, all
 * proxying to the same fast loopback origin; 1,000-route table; interleaved rounds; rps judged, and
 * from the same runs workerd CPU per request (l7.cpu_us) and p99 latency (l7.p99).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticRoutes } from "../data/synthetic.ts";
import { TMP } from "../l4/contenders.ts";
import { freePort, HOST, treeCpuMs, waitForPort } from "../lib/net.ts";
import { type Started, start } from "../lib/procs.ts";
import { interleave, median, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";
import { CONTENDERS, type Contender, cpuFigure, label, p99Figure, perContender } from "./cpu-latency.ts";
import { pathOnlyDoc } from "./edge-tables.ts";
import { buildPeer } from "./peer-worker.ts";
import { profileRouter } from "./profile-router.ts";
import { parseTemplates, requestMix } from "./templates.ts";
import { writeBareConfig, writePeerConfig, writeRouterConfig } from "./workerd-config.ts";
import { luaScript, startWorkerd, wranglerVars, wrk } from "./workerd-run.ts";

/** The figures that get the profile of our worker when missed. */
const PROFILED = ["l7.throughput", "l7.throughput.bare_handler", "l7.throughput.peer", "l7.cpu_us", "l7.p99"];

/**
 * l7.throughput and its companions from one interleaved run of four workers against the same
 * origin: our default (Hono) worker, our bare handler, the bare pass-through, and the hand-written
 * Hono + hono/proxy peer. Returns l7.throughput, l7.throughput.bare_handler, l7.throughput.peer,
 * l7.cpu_us and l7.p99, all from the same wrk runs.
 */
export async function throughputFigures(
  bundles: { router: string; bareHandler: string },
  quick: boolean,
  profile: boolean,
  log: (s: string) => void,
): Promise<FigureResult[]> {
  const notes: string[] = [
    "raw `workerd serve` (node_modules/workerd), one process per worker; KV pre-seeded by an in-config KV service worker",
    "contenders: ours = default worker (Hono app: adminApi + edgeRouter), ours_access_log_off = the same bundle with settings.accessLog.sample 0 (not judged: the cost of the per-request log line), bare_handler = src/worker/bare.ts, bare = pass-through worker, peer = Hono app with the same routes, each hono/proxy + X-Forwarded-*",
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
    const doc = pathOnlyDoc(routes, `http://${HOST}:${originPort}`);
    writeFileSync(docFile, JSON.stringify(doc));
    // The same table with success lines of the access log off (errors are still logged).
    const noLogDocFile = join(dir, "routes-no-access-log.json");
    writeFileSync(
      noLogDocFile,
      JSON.stringify({ ...doc, settings: { ...(doc.settings as object), accessLog: { sample: 0 } } }),
    );
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
      router_no_log: writeRouterConfig(
        { dir, port: ports.router_no_log, compatibilityDate },
        bundles.router,
        noLogDocFile,
        vars,
        "router-no-log",
      ),
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
    const p99 = perContender();
    const p50 = perContender();
    // workerd CPU µs per request (= ms per 1,000 requests): each worker's cost independent of machine load.
    const cpu = perContender();
    let errors = 0;
    const samples = await interleave([...CONTENDERS], quick ? 2 : 4, async (name) => {
      const c = name as Contender;
      const before = treeCpuMs(workerd[c].pid);
      const r = await wrk(ports[c], script, seconds);
      if (!r) return null;
      const after = treeCpuMs(workerd[c].pid);
      if (r.requests > 0) cpu[c].push(((after.user + after.sys - before.user - before.sys) * 1000) / r.requests);
      if (Number.isFinite(r.p99ms)) p99[c].push(r.p99ms);
      if (Number.isFinite(r.p50ms)) p50[c].push(r.p50ms);
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
      "all (rps)": Object.fromEntries(CONTENDERS.map((n) => [label(n), med[n]])),
      "all (CPU ms per 1k requests)": Object.fromEntries(CONTENDERS.map((n) => [label(n), round3(median(cpu[n]))])),
      "access log off ÷ peer (rps)": ratioOf("router_no_log", "peer"),
      "default (Hono) ÷ bare handler": ratioOf("router", "bare_handler"),
      routes: routes.length,
      wrk: `-t1 -c16 -d${seconds}s, ${paths.length} paths, ${quick ? 2 : 4} interleaved rounds`,
    };
    main.notes = notes;
    const results = [
      main,
      figure("l7.throughput.bare_handler", "bare_handler", "bare"),
      figure("l7.throughput.peer", "router", "peer"),
      cpuFigure(cpu),
      p99Figure(p99, p50),
    ];
    // One profile of our worker serves every missed figure whose cost is our worker's own work.
    const missed = results.filter((f) => PROFILED.includes(f.key) && f.met === false);
    if (missed.length && profile) {
      for (const p of procs.splice(1)) await p.stop(); // leave the origin up, free the CPU
      let lines: string[];
      try {
        lines = await profileRouter(dir, routerConfig, paths[0]!, script, `${bundles.router}.map`);
      } catch (e) {
        lines = [`profile failed: ${(e as Error).message.split("\n")[0]}`];
      }
      for (const f of missed) f.notes.push(...lines);
    }
    log(
      `  l7.throughput: ${CONTENDERS.map((n) => `${label(n)} ${med[n]} rps (p99 ${round3(median(p99[n]))} ms, CPU ${round3(median(cpu[n]))} µs/req)`).join(", ")}`,
    );
    return results;
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

/** The L4 figure groups: idle connections, iperf3 streams, redis-benchmark variants. */
import { existsSync } from "node:fs";
import type { FigureGroup, GroupContext } from "../lib/group.ts";
import { type FigureResult, unmeasured } from "../lib/types.ts";
import { connectRateFigure, startHttpBackend } from "./connect-rate.ts";
import {
  type Contender,
  RELAY_MAIN,
  type RelayOptions,
  startHaproxy,
  startNaiveRelay,
  startRelay,
  stopContenders,
} from "./contenders.ts";
import { idleFigure } from "./idle.ts";
import { iperfFigure, startIperfServer } from "./iperf.ts";
import { profileRelay } from "./profile-relay.ts";
import { type RedisVariant, redisFigure, startRedisServer } from "./redis.ts";

function relayOpts(ctx: GroupContext): RelayOptions {
  return { workers: ctx.opts.relayWorkers };
}

/**
 * Starts HAProxy, the relay (when it exists and starts) and the naive `pipe()` relay (a reference
 * for what plain Node streams reach, never judged) in front of one backend port.
 */
async function proxies(tag: string, backendPort: number, ctx: GroupContext, notes: string[]): Promise<Contender[]> {
  const cs: Contender[] = [{ name: "direct", port: backendPort }];
  cs.push(await startHaproxy(tag, backendPort));
  cs.push(await startNaiveRelay(tag, backendPort));
  notes.push(
    "node-pipe = naive one-process `client.pipe(upstream).pipe(client)` relay, shown as a reference for plain Node streams (not judged)",
  );
  if (!existsSync(RELAY_MAIN)) notes.push("relay not measured: src/relay/control/main.ts does not exist yet");
  else {
    try {
      cs.push(await startRelay(tag, backendPort, relayOpts(ctx)));
    } catch (e) {
      notes.push(`relay not measured: ${(e as Error).message.split("\n").slice(0, 3).join(" | ")}`);
    }
  }
  return cs;
}

function withNotes(f: FigureResult, notes: readonly string[]): FigureResult {
  f.notes.push(...notes);
  return f;
}

/**
 * Profiles the relay once per distinct load among the missed figures (`loads` maps a figure key to
 * the key whose load profiles it, e.g. pipelined GET/SET shares the plain redis data path).
 */
async function maybeProfile(
  ctx: GroupContext,
  figures: FigureResult[],
  backendPort: number,
  profileKeyOf: (key: string) => string,
  workload: (key: string, c: Contender) => Promise<unknown>,
): Promise<void> {
  const missed = figures.filter((f) => f.met === false);
  if (!ctx.opts.profile || missed.length === 0) return;
  const keys = [...new Set(missed.map((f) => profileKeyOf(f.key)))];
  for (const key of keys) {
    if (ctx.remainingMs() < 60_000) return;
    ctx.log(`  profiling the relay under the ${key} load`);
    let lines: string[];
    try {
      lines = await profileRelay(key, backendPort, relayOpts(ctx), (c) => workload(key, c));
    } catch (e) {
      lines = [`profile failed: ${(e as Error).message}`];
    }
    // The full profile goes with the figure whose load was replayed; the others point at it.
    for (const f of missed) {
      if (f.key === key) f.notes.push(...lines);
      else if (profileKeyOf(f.key) === key) f.notes.push(`see the relay profile under ${key} (same data path)`);
    }
  }
}

export const idleGroup: FigureGroup = {
  name: "l4 idle connections",
  keys: ["l4.idle_conn_bytes"],
  tools: ["haproxy"],
  estimateS: (q) => (q ? 25 : 75),
  async run(ctx) {
    if (!existsSync(RELAY_MAIN))
      return [
        unmeasured(
          "l4.idle_conn_bytes",
          "bytes/conn",
          { op: "<=", value: 1, of: "relay / haproxy" },
          "relay not measured: src/relay/control/main.ts does not exist yet",
        ),
      ];
    const count = ctx.opts.quick ? 2000 : 8000;
    return [await idleFigure(count, ctx.opts.quick ? 1 : 3, relayOpts(ctx))];
  },
};

export const iperfGroup: FigureGroup = {
  name: "l4 iperf3",
  keys: ["l4.iperf1", "l4.iperf8"],
  tools: ["haproxy", "iperf3"],
  estimateS: (q, keys) => keys.length * (q ? 20 : 80),
  async run(ctx, keys) {
    const server = await startIperfServer();
    const notes: string[] = [];
    const cs = await proxies("iperf", server.port, ctx, notes);
    const rounds = ctx.opts.quick ? 2 : 4;
    const seconds = ctx.opts.quick ? 2 : 4;
    const out: FigureResult[] = [];
    try {
      for (const key of keys) {
        ctx.log(`  ${key}`);
        out.push(withNotes(await iperfFigure(key, key === "l4.iperf8" ? 8 : 1, cs, rounds, seconds, server), notes));
      }
      await stopContenders(cs);
      // One profile for both: the same data path, one stream or eight.
      const first = out.find((f) => f.met === false)?.key ?? "l4.iperf1";
      await maybeProfile(
        ctx,
        out,
        server.port,
        () => first,
        (key, c) => iperfFigure("profile", key === "l4.iperf8" ? 8 : 1, [c], 1, seconds, server),
      );
    } finally {
      await stopContenders(cs);
      await server.stop();
    }
    return out;
  },
};

function redisVariants(quick: boolean): Record<string, RedisVariant> {
  const k = quick ? 0.25 : 1;
  return {
    "l4.redis": { key: "l4.redis", flags: [], requests: Math.round(100_000 * k) },
    "l4.redis_pipelined": { key: "l4.redis_pipelined", flags: ["-P", "16"], requests: Math.round(400_000 * k) },
    "l4.redis_newconn": { key: "l4.redis_newconn", flags: ["-k", "0"], requests: Math.round(10_000 * k) },
    "l4.p99": { key: "l4.p99", flags: [], requests: Math.round(100_000 * k), metric: "p99" },
  };
}

export const redisGroup: FigureGroup = {
  name: "l4 redis-benchmark",
  keys: ["l4.redis", "l4.redis_pipelined", "l4.redis_newconn", "l4.p99"],
  tools: ["haproxy", "redis-server", "redis-benchmark"],
  estimateS: (q, keys) => keys.length * (q ? 15 : 50),
  async run(ctx, keys) {
    const server = await startRedisServer();
    const notes: string[] = [];
    const cs = await proxies("redis", server.port, ctx, notes);
    const variants = redisVariants(ctx.opts.quick);
    const rounds = ctx.opts.quick ? 2 : 4;
    const out: FigureResult[] = [];
    try {
      for (const key of keys) {
        ctx.log(`  ${key}`);
        out.push(withNotes(await redisFigure(variants[key]!, cs, rounds), notes));
      }
      await stopContenders(cs);
      // Two distinct loads: the data path (plain, pipelined and the GET p99 share it) and connection set-up (-k 0).
      const dataKey = out.find((f) => f.met === false && f.key !== "l4.redis_newconn")?.key ?? "l4.redis";
      const profileKeyOf = (k: string) => (k === "l4.redis_newconn" ? k : dataKey);
      await maybeProfile(ctx, out, server.port, profileKeyOf, (key, c) => redisFigure(variants[key]!, [c], 1));
    } finally {
      await stopContenders(cs);
      await server.stop();
    }
    return out;
  },
};

export const connectGroup: FigureGroup = {
  name: "l4 connect rate",
  keys: ["l4.connect_rate"],
  tools: ["haproxy", "wrk"],
  estimateS: (q) => (q ? 20 : 45),
  async run(ctx) {
    const backend = await startHttpBackend();
    const notes = [
      'wrk -t1 -c50 with `Connection: close` against a one-thread HAProxy `mode http` backend that answers 200 "ok" and closes: one connection per request, the backend closes first',
    ];
    const cs = await proxies("connect", backend.port, ctx, notes);
    const rounds = ctx.opts.quick ? 2 : 4;
    const seconds = ctx.opts.quick ? 2 : 3;
    try {
      const f = withNotes(await connectRateFigure(cs, rounds, seconds), notes);
      await stopContenders(cs);
      await maybeProfile(
        ctx,
        [f],
        backend.port,
        (k) => k,
        (_key, c) => connectRateFigure([c], 1, seconds),
      );
      return [f];
    } finally {
      await stopContenders(cs);
      await backend.stop();
    }
  },
};

/** The L4 figure groups: idle connections, iperf3 streams, redis-benchmark variants. */
import { existsSync } from "node:fs";
import type { FigureGroup, GroupContext } from "../lib/group.ts";
import { unmeasured, type FigureResult } from "../lib/types.ts";
import { RELAY_MAIN, startHaproxy, startRelay, stopContenders, type Contender, type RelayOptions } from "./contenders.ts";
import { idleFigure } from "./idle.ts";
import { iperfFigure, startIperfServer } from "./iperf.ts";
import { redisFigure, startRedisServer, type RedisVariant } from "./redis.ts";
import { profileRelay } from "./profile-relay.ts";

function relayOpts(ctx: GroupContext): RelayOptions {
  return { workers: ctx.opts.relayWorkers };
}

/** Starts HAProxy and (when it exists and starts) the relay in front of one backend port. */
async function proxies(tag: string, backendPort: number, ctx: GroupContext, notes: string[]): Promise<Contender[]> {
  const cs: Contender[] = [{ name: "direct", port: backendPort }];
  cs.push(await startHaproxy(tag, backendPort));
  if (!existsSync(RELAY_MAIN)) notes.push("relay not measured: src/relay/main.ts does not exist yet");
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

async function maybeProfile(
  ctx: GroupContext,
  figures: FigureResult[],
  tag: string,
  backendPort: number,
  workload: (c: Contender) => Promise<unknown>,
): Promise<void> {
  const missed = figures.filter((f) => f.met === false);
  if (!ctx.opts.profile || missed.length === 0 || ctx.remainingMs() < 60_000) return;
  ctx.log(`  profiling the relay (${missed.map((f) => f.key).join(", ")} missed)`);
  try {
    const lines = await profileRelay(tag, backendPort, relayOpts(ctx), workload);
    // The full profile goes with the figure whose load was replayed; the others point at it.
    for (const f of missed) f.notes.push(...(f.key === tag ? lines : [`see the relay profile under ${tag} (same data path)`]));
  } catch (e) {
    for (const f of missed) f.notes.push(`profile failed: ${(e as Error).message}`);
  }
}

export const idleGroup: FigureGroup = {
  name: "l4 idle connections",
  keys: ["l4.idle_conn_bytes"],
  tools: ["haproxy"],
  estimateS: (q) => (q ? 25 : 75),
  async run(ctx) {
    if (!existsSync(RELAY_MAIN)) return [unmeasured("l4.idle_conn_bytes", "bytes/conn", { op: "<=", value: 1, of: "relay / haproxy" }, "relay not measured: src/relay/main.ts does not exist yet")];
    const count = ctx.opts.quick ? 2000 : 8000;
    return [await idleFigure(count, ctx.opts.quick ? 1 : 3, relayOpts(ctx))];
  },
};

export const iperfGroup: FigureGroup = {
  name: "l4 iperf3",
  keys: ["l4.iperf1", "l4.iperf8"],
  tools: ["haproxy", "iperf3"],
  estimateS: (q, keys) => keys.length * (q ? 15 : 60),
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
      const missed = out.find((f) => f.met === false);
      const streams = missed?.key === "l4.iperf8" ? 8 : 1;
      if (missed) await maybeProfile(ctx, out, missed.key, server.port, (c) => iperfFigure("profile", streams, [c], 1, seconds, server));
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
  };
}

export const redisGroup: FigureGroup = {
  name: "l4 redis-benchmark",
  keys: ["l4.redis", "l4.redis_pipelined", "l4.redis_newconn"],
  tools: ["haproxy", "redis-server", "redis-benchmark"],
  estimateS: (q, keys) => keys.length * (q ? 12 : 40),
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
      const missed = out.find((f) => f.met === false);
      if (missed) await maybeProfile(ctx, out, missed.key, server.port, (c) => redisFigure(variants[missed.key]!, [c], 1));
    } finally {
      await stopContenders(cs);
      await server.stop();
    }
    return out;
  },
};


/** l4.redis*, redis-benchmark GET+SET requests/s direct, through HAProxy, through the relay. */

import { freePort, HOST, waitForListen } from "../lib/net.ts";
import { run, start } from "../lib/procs.ts";
import type { FigureResult } from "../lib/types.ts";
import type { Contender } from "./contenders.ts";
import { l4Figure, type Measured } from "./figure.ts";

export async function startRedisServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const p = start(
    "redis-server",
    "redis-server",
    [
      "--bind",
      HOST,
      "--port",
      String(port),
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "no",
      "--maxclients",
      "10000",
    ],
    { nofile: 20000 },
  );
  await waitForListen(port, 10_000, () => p.child.exitCode === null);
  return { port, stop: () => p.stop() };
}

export interface RedisVariant {
  key: string;
  /** Extra redis-benchmark flags (`-P 16`, `-k 0`). */
  flags: string[];
  requests: number;
}

/** Mean of the GET and SET rps of one redis-benchmark run. */
async function redisOnce(port: number, v: RedisVariant): Promise<Measured | null> {
  const args = [
    "-h",
    HOST,
    "-p",
    String(port),
    "-t",
    "get,set",
    "-n",
    String(v.requests),
    "-c",
    "50",
    "--csv",
    ...v.flags,
  ];
  const r = await run("redis-benchmark", "redis-benchmark", args, { timeoutMs: 60_000 });
  const rps: number[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /^"(GET|SET)","([\d.]+)"/.exec(line.trim());
    if (m) rps.push(Number(m[2]));
  }
  return rps.length === 2 ? { value: (rps[0]! + rps[1]!) / 2, work: (2 * v.requests) / 1000 } : null;
}

export function redisFigure(v: RedisVariant, contenders: readonly Contender[], rounds: number): Promise<FigureResult> {
  return l4Figure(v.key, contenders, rounds, "1k requests", (c) => redisOnce(c.port, v));
}

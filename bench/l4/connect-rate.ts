/**
 * l4.connect_rate: connections per second, each opened, used for one small exchange and closed.
 * `wrk` (C, one thread, 50 connections) sends `GET /` with `Connection: close`; the backend is a
 * one-thread HAProxy in `mode http` that answers with a fixed 2-byte body (`http-request return`)
 * and closes. Every request is thus a fresh connection through the proxy, and unlike
 * l4.redis_newconn (where the client closes first) the backend closes first: the proxy relays a
 * backend FIN, and the TIME_WAIT states land on the backend's listening port instead of the
 * client's ephemeral ports, so the rate is bounded by work, not by port reuse.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, HOST, waitForListen } from "../lib/net.ts";
import { run, type Started, start } from "../lib/procs.ts";
import type { FigureResult } from "../lib/types.ts";
import { type Contender, TMP } from "./contenders.ts";
import { l4Figure, type Measured } from "./figure.ts";

export const WRK_CONNECTIONS = 50;

export async function startHttpBackend(): Promise<{ port: number; proc: Started; stop(): Promise<void> }> {
  const port = await freePort();
  mkdirSync(TMP, { recursive: true });
  const cfg = join(TMP, "haproxy-http-backend.cfg");
  writeFileSync(
    cfg,
    [
      "global",
      "  nbthread 1",
      "  maxconn 9000",
      "defaults",
      "  mode http",
      "  timeout client 30s",
      "  timeout connect 5s",
      "  timeout server 30s",
      "  option httpclose",
      "frontend backend",
      `  bind ${HOST}:${port}`,
      '  http-request return status 200 content-type text/plain string "ok"',
      "",
    ].join("\n"),
  );
  const proc = start("http-backend", "haproxy", ["-db", "-f", cfg], { nofile: 20000 });
  await waitForListen(port, 10_000, () => proc.child.exitCode === null);
  return { port, proc, stop: () => proc.stop() };
}

/** One wrk run: completed connections per second; null when wrk failed or saw errors on most of them. */
async function wrkConnectOnce(port: number, seconds: number): Promise<Measured | null> {
  const args = ["-t1", `-c${WRK_CONNECTIONS}`, `-d${seconds}s`, "-H", "Connection: close", `http://${HOST}:${port}/`];
  const r = await run("wrk-connect", "wrk", args, { timeoutMs: (seconds + 20) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
    .exec(r.stdout)
    ?.slice(1)
    .reduce((a, b) => a + Number(b), 0);
  // A proxy that drops or resets connections must not score by failing fast.
  if (!Number.isFinite(rps) || requests === 0 || non2xx + (errors ?? 0) > requests / 100) return null;
  return { value: rps, work: requests / 1000 };
}

export function connectRateFigure(
  contenders: readonly Contender[],
  rounds: number,
  seconds: number,
): Promise<FigureResult> {
  return l4Figure("l4.connect_rate", contenders, rounds, "1k connections", (c) => wrkConnectOnce(c.port, seconds), {
    perConnection: true,
  });
}

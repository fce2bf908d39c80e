/** l4.iperf1 / l4.iperf8: iperf3 throughput (Gbit/s received) direct, through HAProxy, through the relay. */

import { freePort, HOST, waitForListen } from "../lib/net.ts";
import { run, type Started, start } from "../lib/procs.ts";
import type { FigureResult } from "../lib/types.ts";
import type { Contender } from "./contenders.ts";
import { l4Figure, type Measured } from "./figure.ts";

export interface IperfServer {
  port: number;
  /** iperf3's server runs one test at a time; after a failed test it may still be stuck in it. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startIperfServer(): Promise<IperfServer> {
  const port = await freePort();
  let p: Started | undefined;
  const launch = async () => {
    p = start("iperf3-server", "iperf3", ["-s", "-B", HOST, "-p", String(port)]);
    const self = p;
    await waitForListen(port, 10_000, () => self.child.exitCode === null);
  };
  await launch();
  return {
    port,
    restart: async () => {
      await p?.stop();
      await launch();
    },
    stop: async () => {
      await p?.stop();
    },
  };
}

async function iperfOnce(port: number, streams: number, seconds: number): Promise<Measured | null> {
  const args = ["-c", HOST, "-p", String(port), "-t", String(seconds), "-O", "1", "-P", String(streams), "-J"];
  const r = await run(`iperf3-client`, "iperf3", args, { timeoutMs: (seconds + 15) * 1000 });
  try {
    const j = JSON.parse(r.stdout) as { end?: { sum_received?: { bits_per_second?: number } }; error?: string };
    const bps = j.end?.sum_received?.bits_per_second;
    // Work: bytes over the whole run including the omitted first second, as the CPU time covers it.
    return typeof bps === "number" ? { value: bps / 1e9, work: (bps * (seconds + 1)) / 8 / 1e9 } : null;
  } catch {
    return null;
  }
}

export function iperfFigure(
  key: string,
  streams: number,
  contenders: readonly Contender[],
  rounds: number,
  seconds: number,
  server: IperfServer,
): Promise<FigureResult> {
  return l4Figure(key, contenders, rounds, "GB", async (c) => {
    const v = await iperfOnce(c.port, streams, seconds);
    if (v === null) await server.restart();
    // The iperf3 server serves one test at a time; give it a moment to reset between tests.
    else await new Promise((r) => setTimeout(r, 200));
    return v;
  });
}

/**
 * l4.idle_conn_bytes: resident memory per established idle relayed connection. Per round and proxy:
 * a fresh proxy, a warm-up of 100 connections, then COUNT connections from a separate client process
 * to a dedicated idle backend process; (RSS after − RSS before) / COUNT over the proxy's process tree.
 */
import { join } from "node:path";
import { freePort, sleep, treeRssKiB, waitForListen } from "../lib/net.ts";
import { type Started, start } from "../lib/procs.ts";
import { median, round3 } from "../lib/stats.ts";
import { type FigureResult, judge, type Target } from "../lib/types.ts";
import { type Contender, type RelayOptions, startHaproxy, startNaiveRelay, startRelay } from "./contenders.ts";

const HERE = import.meta.dirname;
const TARGET: Target = { op: "<=", value: 1.0, of: "relay / haproxy" };

/** Tracks the latest `count N` / `connected N` printed by a helper process. */
function follow(p: Started, re: RegExp): () => number {
  let value = 0;
  let buf = "";
  p.child.stdout?.on("data", (b: Buffer) => {
    buf += b.toString();
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const l of lines) {
      const m = re.exec(l);
      if (m) value = Number(m[1]);
    }
  });
  return () => value;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function holdConnections(
  port: number,
  count: number,
  backendCount: () => number,
  base: number,
): Promise<Started> {
  const client = start("idle-client", process.execPath, [join(HERE, "idle-client.ts"), String(port), String(count)], {
    nofile: 20000,
    capture: true,
  });
  const connected = follow(client, /^connected (\d+)/);
  await until(
    () => connected() >= count && backendCount() >= base + count,
    90_000,
    `${count} relayed connections (client ${connected()}, backend ${backendCount() - base})`,
  );
  return client;
}

async function measureOne(c: Contender, count: number, backendCount: () => number): Promise<number> {
  const pid = c.proc!.pid;
  // Warm-up so code paths and first-use allocations are not billed to the connections.
  const warm = await holdConnections(c.port, 100, backendCount, 0);
  await warm.stop();
  await until(() => backendCount() === 0, 30_000, "warm-up connections to close");
  await sleep(500);
  const before = treeRssKiB(pid);
  const client = await holdConnections(c.port, count, backendCount, 0);
  await sleep(1500);
  const after = treeRssKiB(pid);
  await client.stop();
  await until(() => backendCount() === 0, 60_000, "idle connections to close");
  return ((after - before) * 1024) / count;
}

export async function idleFigure(count: number, rounds: number, relay: RelayOptions): Promise<FigureResult> {
  const backendPort = await freePort();
  const backend = start("idle-backend", process.execPath, [join(HERE, "idle-backend.ts"), String(backendPort)], {
    nofile: 20000,
    capture: true,
  });
  const backendCount = follow(backend, /^count (\d+)/);
  const samples: Record<string, number[]> = { haproxy: [], relay: [], "node-pipe": [] };
  const notes: string[] = [];
  try {
    await waitForListen(backendPort, 10_000, () => backend.child.exitCode === null);
    for (let r = 0; r < rounds; r++) {
      const names = ["haproxy", "relay", "node-pipe"];
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length]!;
        let c: Contender | undefined;
        try {
          c =
            name === "haproxy"
              ? await startHaproxy(`idle${r}`, backendPort)
              : name === "relay"
                ? await startRelay(`idle${r}`, backendPort, relay)
                : await startNaiveRelay(`idle${r}`, backendPort);
          samples[name]!.push(await measureOne(c, count, backendCount));
        } catch (e) {
          notes.push(`${name} round ${r}: ${(e as Error).message.split("\n")[0]}`);
        } finally {
          await c?.proc?.stop();
          await until(() => backendCount() === 0, 30_000, "backend to drain").catch(() => {});
        }
      }
    }
  } finally {
    await backend.stop();
  }
  const med = {
    haproxy: round3(median(samples.haproxy!)),
    relay: round3(median(samples.relay!)),
    "node-pipe": round3(median(samples["node-pipe"]!)),
  };
  const ratio =
    samples.relay!.length && samples.haproxy!.length && med.haproxy > 0 ? round3(med.relay / med.haproxy) : null;
  notes.unshift(
    `${count} idle connections per sample; RSS of the whole process tree (relay workers included); node-pipe = naive one-process \`pipe()\` relay, a reference for Node's own per-connection cost (not judged)`,
  );
  return {
    key: "l4.idle_conn_bytes",
    unit: "bytes/conn",
    medians: med,
    ratio,
    target: TARGET,
    met: judge(ratio, TARGET),
    samples,
    notes,
  };
}

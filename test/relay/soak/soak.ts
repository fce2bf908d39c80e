/**
 * The relay soak: the real relay (src/relay/control/main.ts), its clients and its backends in
 * three processes of their own, each limited to 20,000 open files (a relayed connection holds
 * two). Phases: baseline → load (connections held open together, bytes sent and echoed, each
 * stream SHA-256-checked end to end, the config reloaded by SIGHUP every `reloadEveryMs`) →
 * back to idle (fds and heap against the baseline) → SIGTERM drain (in-flight streams complete,
 * new connections are refused, exit 0). `run.ts` is the CLI (`npm run soak`); soak.test.ts runs a
 * short version inside `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, renameSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { type RelayProcess, spawnRelay, tempConfig, writeConfig } from "../process-helpers.ts";

const HERE = import.meta.dirname;
export const FD_LIMIT = 20_000;
/** Runs node under `ulimit -n` (capped by the hard limit). */
const LIMITED = `h=$(ulimit -Hn); if [ "$h" = unlimited ] || [ "$h" -gt ${FD_LIMIT} ]; then h=${FD_LIMIT}; fi; ulimit -n "$h" && exec "$0" "$@"`;

export interface SoakOptions {
  connections: number;
  totalBytes: number;
  /** Load rounds: each opens `connections`, holds them, then moves totalBytes / rounds. */
  rounds: number;
  holdMs: number;
  reloadEveryMs: number;
  drainConnections: number;
  drainBytes: number;
  /** Allowed heap growth from baseline to idle-after-load. */
  heapToleranceBytes: number;
  log: (line: string) => void;
}

export interface SoakFigures {
  connections: number;
  peakActive: number;
  peakRelayFds: number;
  bytesVerified: number;
  streamsOk: number;
  streamsFailed: number;
  loadSeconds: number;
  throughputMiBs: number;
  reloadsSent: number;
  reloadsApplied: number;
  reloadsRejected: number;
  lastReloadApplied: boolean;
  maxApplyGapSec: number;
  baseline: { fds: number; heapMiB: number; rssMiB: number };
  after: { fds: number; heapMiB: number; rssMiB: number };
  /** Heap used once idle, before the soak forces a full GC. */
  lazyHeapMiB: number;
  drain: {
    inFlight: number;
    ok: number;
    failed: number;
    refusedAfterSigterm: boolean;
    exitCode: number | null;
    exitMs: number;
  };
  fastPath: number;
}

type Msg = Record<string, unknown>;

function spawnLimited(script: string, args: string[]): ChildProcess {
  return spawn("sh", ["-c", LIMITED, process.execPath, path.join(HERE, script), ...args], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function firstMessage(child: ChildProcess, pred: (m: Msg) => boolean): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const on = (m: Msg) => pred(m) && (child.off("message", on), resolve(m));
    child.on("message", on);
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before answering`)));
  });
}

let seq = 0;
function rpc(child: ChildProcess, msg: Msg): Promise<Msg> {
  const id = ++seq;
  const answer = firstMessage(child, (m) => m.id === id);
  child.send({ ...msg, id });
  return answer.then((m) => (m.error ? Promise.reject(new Error(String(m.error))) : m));
}

async function metrics(port: number): Promise<Map<string, number>> {
  const text = await new Promise<string>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/metrics" }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (m) out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return out;
}

const fdsOf = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

export async function runRelaySoak(o: SoakOptions): Promise<SoakFigures> {
  const children: ChildProcess[] = [];
  let relay: RelayProcess | undefined;
  try {
    const backends = spawnLimited("backends.ts", ["2"]);
    children.push(backends);
    const { ports } = (await firstMessage(backends, (m) => "ports" in m)) as { ports: number[] };
    let version = 0;
    const doc = () => ({
      version: `soak-${version}`,
      l4: {
        admin: { address: "127.0.0.1", port: 0 },
        drainTimeoutMs: 30_000,
        listeners: [{ name: "soak", address: "127.0.0.1", port: 0, pool: "echo", logConnections: "errors" }],
        pools: {
          // Reloads alternate the weights: each one really changes the pool.
          echo: { backends: ports.map((port, i) => ({ address: "127.0.0.1", port, weight: 1 + ((version + i) % 2) })) },
        },
      },
    });
    const file = tempConfig(doc());
    relay = spawnRelay(["--config", file, "--poll-ms", "60000"], {
      execPath: "sh",
      nodeArgs: [
        "-c",
        LIMITED,
        process.execPath,
        "--max-semi-space-size=1",
        "--expose-gc",
        "--import",
        path.join(HERE, "gc-on-signal.mjs"),
      ],
    });
    const pid = relay.child.pid!;
    const relayPort = (await relay.waitFor((l) => l.event === "listening" && l.listener === "soak")).port as number;
    const adminPort = (await relay.waitFor((l) => l.event === "admin_listening")).port as number;
    await relay.waitFor((l) => l.event === "ready");
    const clients = spawnLimited("clients.ts", []);
    children.push(clients);
    await firstMessage(clients, (m) => m.ready === true);
    o.log(`relay pid ${pid} on 127.0.0.1:${relayPort}, admin ${adminPort}, backends ${ports.join(", ")}`);

    // Baseline: after a warm-up round (code paths loaded, pools of buffers made).
    await rpc(clients, { cmd: "open", port: relayPort, n: Math.min(200, o.connections) });
    await rpc(clients, { cmd: "transfer", bytes: 64 * 1024 });
    const idle = async () => {
      for (let i = 0; i < 300; i++) {
        if ((await metrics(adminPort)).get("relay_connections_active") === 0) return;
        await sleep(100);
      }
      throw new Error("the relay did not return to 0 active connections within 30 s");
    };
    await idle();
    relay.child.kill("SIGUSR2"); // full GC (gc-on-signal.mjs)
    await sleep(500);
    const m0 = await metrics(adminPort);
    const baseline = {
      fds: fdsOf(pid),
      heapMiB: m0.get("relay_process_heap_used_bytes")! / MiB,
      rssMiB: m0.get("relay_process_resident_memory_bytes")! / MiB,
    };
    o.log(
      `baseline: ${baseline.fds} fds, heap ${baseline.heapMiB.toFixed(1)} MiB, rss ${baseline.rssMiB.toFixed(1)} MiB`,
    );

    // Load, with a reload every reloadEveryMs.
    let reloadsSent = 0;
    const reloader = setInterval(() => {
      version++;
      // Atomically, as an operator should (a reload must never see a half-written file).
      writeConfig(`${file}.tmp`, doc());
      renameSync(`${file}.tmp`, file);
      relay!.child.kill("SIGHUP");
      reloadsSent++;
    }, o.reloadEveryMs);
    const started = Date.now();
    let peakActive = 0;
    let peakRelayFds = 0;
    let ok = 0;
    let failed = 0;
    let bytesVerified = 0;
    const bytesPer = Math.ceil(o.totalBytes / (o.connections * o.rounds));
    try {
      for (let r = 0; r < o.rounds; r++) {
        await rpc(clients, { cmd: "open", port: relayPort, n: o.connections });
        // Every connection is relayed (backend connected) before the bytes start.
        for (let i = 0; i < 600; i++) {
          const active = (await metrics(adminPort)).get("relay_backend_connections_active") ?? 0;
          peakActive = Math.max(peakActive, active);
          if (active >= o.connections) break;
          await sleep(100);
        }
        peakRelayFds = Math.max(peakRelayFds, fdsOf(pid));
        await sleep(o.holdMs);
        const t = (await rpc(clients, { cmd: "transfer", bytes: bytesPer })) as {
          ok: number;
          failed: number;
          bytes: number;
          ms: number;
        };
        if (t.failed > 0) o.log(`failures: ${(t as unknown as { reasons: string[] }).reasons.join(" | ")}`);
        ok += t.ok;
        failed += t.failed;
        bytesVerified += t.bytes;
        o.log(
          `round ${r + 1}/${o.rounds}: ${o.connections} connections held (peak ${peakActive} relayed, ${peakRelayFds} relay fds), ${t.ok} streams of ${bytesPer} B verified, ${t.failed} failed, ${t.ms} ms`,
        );
      }
    } finally {
      clearInterval(reloader);
    }
    const loadSeconds = (Date.now() - started) / 1000;

    // Back to idle: fds exactly, heap within tolerance (V8 collects lazily: give it time).
    await idle();
    await sleep(500);
    const lazyHeapMiB = (await metrics(adminPort)).get("relay_process_heap_used_bytes")! / MiB;
    let after = { fds: 0, heapMiB: Number.POSITIVE_INFINITY, rssMiB: 0 };
    for (let i = 0; i < 20; i++) {
      relay.child.kill("SIGUSR2");
      await sleep(500);
      const m = await metrics(adminPort);
      const now = {
        fds: fdsOf(pid),
        heapMiB: m.get("relay_process_heap_used_bytes")! / MiB,
        rssMiB: m.get("relay_process_resident_memory_bytes")! / MiB,
      };
      if (now.heapMiB < after.heapMiB) after = now;
      else after.fds = now.fds;
      if (after.fds <= baseline.fds && after.heapMiB * MiB <= baseline.heapMiB * MiB + o.heapToleranceBytes) break;
    }
    o.log(
      `after load: ${after.fds} fds, heap ${after.heapMiB.toFixed(1)} MiB after a full GC (${lazyHeapMiB.toFixed(1)} before it), rss ${after.rssMiB.toFixed(1)} MiB`,
    );
    const mEnd = await metrics(adminPort);

    // Drain: streams in flight when SIGTERM arrives finish; new connections are refused.
    await rpc(clients, { cmd: "slow", port: relayPort, n: o.drainConnections, bytes: o.drainBytes });
    const finishing = rpc(clients, { cmd: "finish" });
    const sigAt = Date.now();
    relay.child.kill("SIGTERM");
    await relay.waitFor((l) => l.event === "draining");
    const refusedAfterSigterm = await refused(relayPort);
    const d = (await finishing) as { ok: number; failed: number; reasons: string[] };
    if (d.failed > 0) o.log(`drain failures: ${d.reasons.join(" | ")}`);
    const exitCode = await relay.exited;
    if (exitCode !== 0) o.log(`relay exited ${exitCode}; its stderr ends with:\n${relay.stderr().slice(-3000)}`);
    const drain = {
      inFlight: o.drainConnections,
      ok: d.ok,
      failed: d.failed,
      refusedAfterSigterm,
      exitCode,
      exitMs: Date.now() - sigAt,
    };
    o.log(
      `drain: ${d.ok}/${o.drainConnections} in-flight streams completed after SIGTERM, exit ${exitCode} in ${drain.exitMs} ms`,
    );
    // Distinct versions applied after the start (SIGHUPs that arrive during a reload coalesce).
    const versions = new Set(relay.lines.filter((l) => l.event === "config_applied").map((l) => l.version));
    versions.delete("soak-0");
    const applied = versions.size;
    // The longest wait between two applies while reloads were being sent: how late a SIGHUP can
    // be handled when the relay is saturated.
    const appliedAt = relay.lines
      .filter((l) => l.event === "config_applied" && l.version !== "soak-0")
      .map((l) => Date.parse(String(l.time)));
    let maxApplyGapSec = 0;
    for (let i = 1; i < appliedAt.length; i++)
      maxApplyGapSec = Math.max(maxApplyGapSec, (appliedAt[i]! - appliedAt[i - 1]!) / 1000);
    const lastApplied = versions.has(`soak-${version}`);
    o.log(
      `relay control lines: ${relay.lines
        .filter((l) => String(l.event).startsWith("config_") || l.level !== "info")
        .map(
          (l) =>
            `${String(l.time).slice(14, 23)} ${l.event}${l.trigger ? `(${l.trigger})` : ""}${l.version ? ` ${l.version}` : ""}${l.reason ? ` ${l.reason}` : ""}`,
        )
        .join(", ")}`,
    );
    const rejected = relay.lines.filter(
      (l) => l.event === "config_rejected" || l.event === "config_reload_failed",
    ).length;
    return {
      connections: o.connections,
      peakActive,
      peakRelayFds,
      bytesVerified,
      streamsOk: ok,
      streamsFailed: failed,
      loadSeconds,
      throughputMiBs: (2 * bytesVerified) / MiB / loadSeconds,
      reloadsSent,
      reloadsApplied: applied,
      lastReloadApplied: lastApplied,
      maxApplyGapSec,
      reloadsRejected: rejected,
      baseline,
      after,
      lazyHeapMiB,
      drain,
      fastPath: mEnd.get("relay_fast_path") ?? -1,
    };
  } finally {
    if (relay && relay.child.exitCode === null) relay.child.kill("SIGKILL");
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  }
}

/** `npm run soak`: the figures the issue asks for. */
export const FULL: Omit<SoakOptions, "log"> = {
  connections: 8000,
  totalBytes: 1024 ** 3,
  rounds: 1,
  holdMs: 4000,
  reloadEveryMs: 2000,
  drainConnections: 200,
  drainBytes: 256 * 1024,
  heapToleranceBytes: 16 * 1024 * 1024,
};

/** The short version inside `npm test` (under a minute on a busy 2-core machine). */
export const QUICK: Omit<SoakOptions, "log"> = {
  connections: 1000,
  totalBytes: 64 * 1024 * 1024,
  rounds: 2,
  holdMs: 2500,
  reloadEveryMs: 2000,
  drainConnections: 50,
  drainBytes: 128 * 1024,
  heapToleranceBytes: 16 * 1024 * 1024,
};

/** The pass criteria; each failed one is a line. */
export function check(f: SoakFigures, o: Omit<SoakOptions, "log">): string[] {
  const p: string[] = [];
  if (f.peakActive < o.connections) p.push(`only ${f.peakActive} of ${o.connections} connections relayed at once`);
  if (f.streamsFailed > 0) p.push(`${f.streamsFailed} streams failed the SHA-256/length check`);
  if (f.bytesVerified < o.totalBytes) p.push(`${f.bytesVerified} bytes verified, wanted ${o.totalBytes}`);
  // A SIGHUP every 2 s under load. When the relay is saturated, signals that wait for the event
  // loop merge into one reload (each reads the file as it is then); what must hold is that reloads
  // keep being applied throughout (no gap over 30 s), the last version wins and none fails.
  if (f.reloadsSent < 1 || f.reloadsApplied < 1)
    p.push(`${f.reloadsApplied} of ${f.reloadsSent} reload versions applied`);
  if (f.maxApplyGapSec > 30) p.push(`${f.maxApplyGapSec.toFixed(1)} s without an applied reload under load`);
  if (!f.lastReloadApplied) p.push("the last config version written was never applied");
  if (f.reloadsRejected > 0) p.push(`${f.reloadsRejected} reloads rejected or failed`);
  if (f.after.fds > f.baseline.fds) p.push(`fds ${f.after.fds} after load, ${f.baseline.fds} before`);
  if ((f.after.heapMiB - f.baseline.heapMiB) * 1024 * 1024 > o.heapToleranceBytes)
    p.push(`heap ${f.after.heapMiB.toFixed(1)} MiB after load, ${f.baseline.heapMiB.toFixed(1)} MiB before`);
  if (f.drain.failed > 0 || f.drain.ok !== f.drain.inFlight)
    p.push(`drain: ${f.drain.failed} in-flight streams failed`);
  if (!f.drain.refusedAfterSigterm) p.push("a new connection was accepted after SIGTERM");
  if (f.drain.exitCode !== 0) p.push(`the relay exited with ${f.drain.exitCode}`);
  return p;
}

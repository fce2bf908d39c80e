import { createHash, randomBytes } from "node:crypto";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeServer, connect, listen, once, until } from "../helpers.ts";
import { type RelayProcess, spawnRelay, tempConfig, writeConfig } from "../process-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Echo backend that counts its connections. */
async function echo() {
  const conns = { count: 0 };
  const s = await listen((c) => {
    conns.count++;
    c.pipe(c);
  });
  cleanups.push(() => closeServer(s));
  return Object.assign(s, { conns });
}

const doc = (version: string, backendPorts: number[]) => ({
  version,
  l4: {
    admin: { address: "127.0.0.1", port: 0 },
    drainTimeoutMs: 5000,
    listeners: [{ name: "echo", address: "127.0.0.1", port: 0, pool: "p" }],
    pools: { p: { backends: backendPorts.map((port) => ({ address: "127.0.0.1", port })) } },
  },
});

async function start(file: string): Promise<{ proc: RelayProcess; port: number }> {
  const proc = spawnRelay(["--config", file]);
  cleanups.push(async () => {
    if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
    await proc.exited;
  });
  const l = await proc.waitFor((l) => l.event === "listening" && l.listener === "echo");
  await proc.waitFor((l) => l.event === "ready");
  return { proc, port: l.port as number };
}

/** One stream: sends `chunks` random chunks with pauses, checks the echo's SHA-256. */
async function stream(s: net.Socket, chunks: number, gate: Promise<void>, half: number): Promise<boolean> {
  const sent = createHash("sha256");
  const got = createHash("sha256");
  let received = 0;
  let total = 0;
  s.on("data", (d: Buffer) => {
    got.update(d);
    received += d.length;
  });
  const ended = once(s, "end");
  for (let i = 0; i < chunks; i++) {
    if (i === half) await gate; // half the data before the reload, half after
    const b = randomBytes(4096 + (i % 7) * 512);
    sent.update(b);
    total += b.length;
    s.write(b);
    await new Promise((r) => setTimeout(r, 5));
  }
  s.end();
  await ended;
  s.destroy();
  return received === total && sent.digest("hex") === got.digest("hex");
}

describe("relay process: reload, signals, config errors", () => {
  it("keeps 200 open streams flowing through a SIGHUP that changes the pool", async () => {
    const a = await echo();
    const b = await echo();
    const file = tempConfig(doc("v1", [a.port]));
    const { proc, port } = await start(file);
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(port)));
    let openGate!: () => void;
    const gate = new Promise<void>((r) => (openGate = r));
    const results = Promise.all(sockets.map((s) => stream(s, 16, gate, 8)));
    // Every stream is established through to backend a (not just queued in the kernel).
    await until(() => a.conns.count === 200, 20_000, "200 backend connections");
    // New config: only backend b. Established streams stay on a.
    writeConfig(file, doc("v2", [b.port]));
    proc.child.kill("SIGHUP");
    await proc.waitFor((l) => l.event === "config_applied" && l.version === "v2");
    const beforeB = b.conns.count;
    openGate();
    const c = await connect(port);
    c.write("after reload");
    expect(String(await once(c, "data"))).toBe("after reload");
    c.destroy();
    expect(b.conns.count).toBe(beforeB + 1);
    const ok = await results;
    expect(ok.filter(Boolean).length).toBe(200);
    expect(a.conns.count).toBe(200);
    await proc.waitFor(
      () => proc.lines.filter((l) => l.event === "close" && l.backend === `127.0.0.1:${a.port}`).length === 200,
    );
    // SIGTERM drains and exits cleanly.
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(proc.lines.some((l) => l.event === "stopped")).toBe(true);
  });

  it("rejects an invalid reload with JSON paths and keeps serving the last good config", async () => {
    const a = await echo();
    const file = tempConfig(doc("v1", [a.port]));
    const { proc, port } = await start(file);
    const bad = doc("v2", [a.port]);
    (bad.l4.listeners[0] as Record<string, unknown>).pool = "missing";
    writeConfig(file, bad);
    proc.child.kill("SIGHUP");
    const rejected = await proc.waitFor((l) => l.event === "config_rejected");
    expect(JSON.stringify(rejected.issues)).toContain("$.l4.listeners[0].pool");
    const c = await connect(port);
    c.write("still here");
    expect(String(await once(c, "data"))).toBe("still here");
    c.destroy();
    // The admin port reports the rejected reload.
    const admin = await proc.waitFor((l) => l.event === "admin_listening");
    const metrics = await (await fetch(`http://127.0.0.1:${admin.port}/metrics`)).text();
    expect(metrics).toMatch(/relay_config_reloads_total\{result="invalid"\} [1-9]/);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it("runs without an l4 section and says it has nothing to listen on", async () => {
    const proc = spawnRelay(["--config", tempConfig({ version: "1" })]);
    cleanups.push(async () => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      await proc.exited;
    });
    await proc.waitFor((l) => l.event === "ready");
    expect(proc.lines.some((l) => l.event === "no_l4_section")).toBe(true);
    expect(proc.lines.some((l) => l.event === "no_listeners")).toBe(true);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it("exits non-zero at start on an invalid config, printing the JSON paths", async () => {
    const file = tempConfig({
      version: "1",
      l4: { listeners: [{ name: "x", address: "127.0.0.1", port: 70000, pool: "nope" }], pools: {} },
    });
    const proc = spawnRelay(["--config", file]);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toContain("$.l4.listeners[0].port");
    const missing = spawnRelay(["--config", `${file}.missing`]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain("cannot read");
  });
});

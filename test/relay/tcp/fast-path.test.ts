import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../src/relay/observability/log.ts";
import { directWrites } from "../../../src/relay/tcp/direct-write.ts";
import { configureFastPath, fastPathProblem, internalsProblem } from "../../../src/relay/tcp/fast-path.ts";
import { closeServer, connect, drain, listen } from "../helpers.ts";
import { spawnRelay, tempConfig } from "../process-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const fast = process.env.RELAY_FAST_PATH !== "off";

describe("fast-path switch and start-up self-check", () => {
  it("finds this Node's internals as expected (shape and a live loopback echo)", async () => {
    expect(internalsProblem()).toBeUndefined();
    expect(await fastPathProblem()).toBeUndefined();
  });

  it("follows l4.fastPath and RELAY_FAST_PATH, with one line per change", async () => {
    const log = new MemoryLogger();
    const off = await configureFastPath(false, log);
    expect(off).toEqual({ on: false, reason: fast ? "l4.fastPath is false" : "RELAY_FAST_PATH=off" });
    expect(directWrites()).toBe(false);
    const on = await configureFastPath(true, log);
    // RELAY_FAST_PATH=off wins over the config.
    expect(on.on).toBe(fast);
    expect(directWrites()).toBe(fast);
    await configureFastPath(true, log);
    const lines = log.entries.filter((e) => e.event.startsWith("fast_path"));
    expect(lines.length).toBe(fast ? 2 : 1); // off, on (the repeat logs nothing)
  });

  it("falls back to socket.write with one warning when the internals are not as expected, and still relays", async () => {
    const backend = await listen((s) => s.pipe(s));
    cleanups.push(() => closeServer(backend));
    const file = tempConfig({
      version: "v1",
      l4: {
        listeners: [{ name: "echo", address: "127.0.0.1", port: 0, pool: "p" }],
        pools: { p: { backends: [{ address: "127.0.0.1", port: backend.port }] } },
      },
    });
    const broken = path.join(import.meta.dirname, "fixtures", "break-stream-wrap.mjs");
    const env = { ...process.env };
    delete env.RELAY_FAST_PATH; // the config wants the fast path; the self-check must refuse it
    const proc = spawnRelay(["--config", file], { nodeArgs: ["--import", broken], env });
    cleanups.push(async () => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      await proc.exited;
    });
    const l = await proc.waitFor((l) => l.event === "listening" && l.listener === "echo");
    await proc.waitFor((l) => l.event === "ready");
    const c = await connect(l.port as number);
    const data = randomBytes(3 * 1024 * 1024);
    const got = drain(c);
    c.end(data);
    expect(await got).toEqual({ sha: createHash("sha256").update(data).digest("hex"), bytes: data.length });
    const warnings = proc.lines.filter((x) => x.event === "fast_path_unavailable");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: "warn", fallback: "socket.write" });
    expect(String(warnings[0]!.reason)).toContain("stream_wrap");
    expect(proc.lines.filter((x) => x.event === "fast_path")).toHaveLength(0);
  });
});

/**
 * The shipped relay: `npm run build` makes dist/edge-relay.mjs, which must run alone (a temp dir
 * without node_modules, NODE_PATH empty) on the system Node (20 here) and on the project's Node,
 * answer --help, and relay a TCP connection.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeServer, connect, drain, listen } from "../helpers.ts";
import { spawnRelay, writeConfig } from "../process-helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The first `node` on PATH outside node_modules (what `/usr/bin/env node` finds for a user). */
function systemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir.includes("node_modules")) continue;
    const candidate = path.join(dir, "node");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const nodes = [
  ["system", systemNode()],
  ["project", process.execPath],
].filter((n): n is [string, string] => n[1] !== undefined);
const versionOf = (node: string) => execFileSync(node, ["--version"], { encoding: "utf8" }).trim();

let dir = "";
beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build-relay.ts"], { cwd: ROOT, stdio: "pipe" });
  // Alone in a directory: no node_modules next to it or above it.
  dir = mkdtempSync(path.join(tmpdir(), "edge-relay-"));
  copyFileSync(path.join(ROOT, "dist/edge-relay.mjs"), path.join(dir, "edge-relay.mjs"));
}, 60_000);

describe.each(nodes)("dist/edge-relay.mjs on the %s Node", (_name, node) => {
  const env = { PATH: process.env.PATH, NODE_PATH: "", HOME: process.env.HOME };

  it(`answers --help (${versionOf(node)})`, () => {
    const out = execFileSync(node, ["edge-relay.mjs", "--help"], { cwd: dir, env, encoding: "utf8" });
    for (const want of ["--config", "RELAY_CONFIG_TOKEN", "RELAY_FAST_PATH", "SIGHUP", "SIGTERM", "/healthz"])
      expect(out).toContain(want);
  });

  it("relays a TCP connection byte-exact, with the fast path self-checked", async () => {
    const backend = await listen((s) => s.pipe(s));
    cleanups.push(() => closeServer(backend));
    const file = path.join(dir, `edge-${path.basename(node)}-${Date.now()}.json`);
    writeConfig(file, {
      version: "bundle",
      l4: {
        listeners: [{ name: "echo", address: "127.0.0.1", port: 0, pool: "p" }],
        pools: { p: { backends: [{ address: "127.0.0.1", port: backend.port }] } },
      },
    });
    const proc = spawnRelay(["--config", file], { execPath: node, main: "edge-relay.mjs", cwd: dir, env });
    cleanups.push(async () => {
      if (proc.child.exitCode === null) proc.child.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
    });
    const l = await proc.waitFor((x) => x.event === "listening" && x.listener === "echo");
    expect(await proc.waitFor((x) => x.event === "fast_path")).toMatchObject({ on: true });
    const c = await connect(l.port as number);
    const data = randomBytes(2 * 1024 * 1024);
    const got = drain(c);
    c.end(data);
    expect(await got).toEqual({ sha: createHash("sha256").update(data).digest("hex"), bytes: data.length });
  });
});

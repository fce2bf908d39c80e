import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm start` as a user runs it (a child process, on free ports, with --port and --table), then
 * atomic saves of the table (write a temporary file, rename it over the table, as editors and
 * `sed -i` do): the worker follows every version within ROUTES_REFRESH_SECONDS (5 s in wrangler.toml).
 */
const REFRESH_MS = 5_000;
const dir = mkdtempSync(join(tmpdir(), "npm-start-"));
const table = join(dir, "routes.json");
let child: ChildProcess;
let output = "";
let base: string;
let originPort: number;

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const doc = (version: string) => ({
  version,
  pools: { web: { origins: [{ name: "demo-web", url: `http://127.0.0.1:${originPort}` }] } },
  virtualHosts: [
    {
      name: "main",
      domains: ["*"],
      routes: [
        {
          name: "version",
          match: { path: { exact: "/version" } },
          action: { type: "direct", status: 200, body: version },
        },
        { name: "web", action: { type: "forward", pool: "web" } },
      ],
    },
  ],
});

/** Atomic save: the table's inode is replaced, which ends a watch on the file itself. */
function atomicSave(text: string): void {
  const tmp = join(dir, `.routes.json.${process.hrtime.bigint()}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, table);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; npm start printed:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const served = async () => (await fetch(`${base}/version`)).text();
const printed = (text: string) => async () => (output.includes(text) ? true : undefined);

beforeAll(async () => {
  originPort = await freePort();
  const port = await freePort();
  writeFileSync(table, JSON.stringify(doc("1")));
  child = spawn(process.execPath, ["scripts/start.ts", "--port", String(port), "--table", table], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", EDGE_PORT: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  await waitFor("the banner", printed("edge router running on"), 60_000);
  base = `http://127.0.0.1:${port}`;
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("honours --port and --table, lists its ports and starts the table's loopback origins", async () => {
    expect(output).toContain(`edge router running on ${base}  (table: ${table})`);
    expect(output).toContain(`127.0.0.1:${base.split(":")[2]}  the worker (workerd)`);
    expect(output).toContain(`127.0.0.1:${originPort}  demo origin demo-web`);
    expect(await served()).toBe("1");
    expect(((await (await fetch(`${base}/anything`)).json()) as { origin: string }).origin).toBe("demo-web");
  });

  it("follows atomic saves within the refresh interval and reports each version", async () => {
    for (const version of ["2", "3"]) {
      const t0 = Date.now();
      atomicSave(JSON.stringify(doc(version)));
      await waitFor(
        `version ${version}`,
        async () => ((await served()) === version ? true : undefined),
        REFRESH_MS + 3_000,
      );
      expect(Date.now() - t0).toBeLessThan(REFRESH_MS + 3_000);
      await waitFor("the applied line", printed(`[start] applied version ${version}:`), 2_000);
    }
  }, 30_000);

  it("rejects an invalid save with its JSON path, keeps serving, and follows the next good one", async () => {
    atomicSave(JSON.stringify({ ...doc("4"), pools: { web: { origins: [] } } }));
    await waitFor("the rejected line", printed("[start] rejected"), 3_000);
    expect(output).toMatch(/\[start\] rejected [^\n]*, not written:\n[^\n]*pools/);
    expect(await served()).toBe("3");
    atomicSave(JSON.stringify(doc("5")));
    await waitFor("version 5", async () => ((await served()) === "5" ? true : undefined), REFRESH_MS + 3_000);
    // Same version, new content: written, with a warning that the worker keeps its compiled table.
    atomicSave(JSON.stringify(doc("5"), null, 2));
    await waitFor("the unchanged-version line", printed("version 5 is unchanged"), 3_000);
  }, 30_000);
});

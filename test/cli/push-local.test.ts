import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/http.ts";

/**
 * `edge-router push --local` against `npm start` (scripts/start.ts, spawned as a child on a free
 * worker port with the admin API on), then requests through that worker: the pushed table serves,
 * `versions` lists it, `rollback` moves the worker back.
 * (npm start's demo origins use their fixed ports 9101-9104; the fixture routes used here answer directly.)
 */
const TOKEN = "push-local-token-0123456789";
const F = "test/cli/fixtures";
let start: ChildProcess;
let port = 0;
let output = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

const env = () => ({
  ...process.env,
  EDGE_PORT: String(port),
  EDGE_ADMIN_TOKEN: TOKEN,
  NO_COLOR: "1",
  WRANGLER_SEND_METRICS: "false",
});
const cli = (args: string[]) =>
  spawnSync(process.execPath, ["src/cli/main.ts", ...args], { encoding: "utf8", env: env(), timeout: 60_000 });
const oldPage = async () =>
  (await rawRequest(`http://127.0.0.1:${port}`, "/old/page", { headers: { host: "shop.example" } })).status;

async function until(what: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`timed out; npm start said:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  port = await freePort();
  start = spawn(process.execPath, ["scripts/start.ts", `${F}/before.json`], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  start.stdout!.on("data", (d) => (output += d));
  start.stderr!.on("data", (d) => (output += d));
  await until(async () => output.includes("edge router running on"), 60_000);
}, 90_000);

afterAll(async () => {
  if (start && start.exitCode === null) {
    const exited = new Promise((r) => start.once("exit", r));
    start.kill("SIGTERM");
    await exited;
  }
});

describe("edge-router push --local (npm start's worker)", () => {
  it("pushes a table that the worker then serves; versions and rollback follow", async () => {
    expect(await oldPage()).toBe(410); // the table npm start loaded
    const pushed = cli(["push", `${F}/after.json`, "--local", "-m", "redirect old pages", "--json"]);
    expect(pushed.status, pushed.stderr).toBe(0);
    const first = JSON.parse(pushed.stdout) as { id: string; version: string };
    expect(first.version).toBe("after-1");
    await until(async () => (await oldPage()) === 301);

    const back = cli(["push", `${F}/before.json`, "--local", "--json"]);
    expect(back.status, back.stderr).toBe(0);
    await until(async () => (await oldPage()) === 410);

    const listed = JSON.parse(cli(["versions", "--local", "--json"]).stdout) as {
      active: string;
      versions: Array<{ id: string; comment: string; version: string }>;
    };
    expect(listed.active).toBe(JSON.parse(back.stdout).id);
    expect(listed.versions.find((v) => v.id === first.id)?.comment).toBe("redirect old pages");
    // The table npm start wrote directly (no version) was adopted as a version by the first push.
    const adopted = listed.versions.at(-1)!;
    expect(adopted).toMatchObject({ version: "before-1", comment: "adopted: written outside the admin API" });
    expect(adopted.id < first.id).toBe(true);

    expect(cli(["rollback", first.id, "--local"]).status).toBe(0);
    await until(async () => (await oldPage()) === 301);
    expect(JSON.parse(cli(["pull", "--local"]).stdout).version).toBe("after-1");
  }, 90_000);
});

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, runWorker } from "../helpers/edge.ts";

const TOKEN = "cli-admin-token-abcdefghijklmnop";
const tmp = mkdtempSync(join(tmpdir(), "edge-admin-cli-"));

/** Runs `npm run routes:put` (its script) asynchronously: the worker must keep serving meanwhile. */
function routesPut(
  args: string[],
  token: string | undefined,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  if (token === undefined) delete env.EDGE_ADMIN_TOKEN;
  else env.EDGE_ADMIN_TOKEN = token;
  return new Promise((resolve) => {
    execFile(process.execPath, ["src/cli/routes-put.ts", ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const table = (version: string) => ({
  version,
  virtualHosts: [{ name: "all", domains: ["*"], routes: [{ action: { type: "direct", status: 200, body: version } }] }],
});

describe("npm run routes:put -- --admin-url", () => {
  let worker: RunningWorker;
  let admin: string;
  beforeAll(async () => {
    worker = await runWorker({ refreshSeconds: "0", bindings: { ADMIN_TOKEN: TOKEN } });
    admin = new URL("/_edge", worker.url).href;
  });
  afterAll(async () => {
    await worker?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("PUTs a valid file through the admin API; KV holds its exact bytes", async () => {
    const file = join(tmp, "good.json");
    const text = JSON.stringify(table("cli-1"), null, 2);
    writeFileSync(file, text);
    const r = await routesPut([file, "--admin-url", admin], TOKEN);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stored: version "cli-1"');
    const got = await fetch(`${admin}/config`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await got.text()).toBe(text);
  });

  it("fails clearly without the token or with a wrong one", async () => {
    const file = join(tmp, "good2.json");
    writeFileSync(file, JSON.stringify(table("cli-2")));
    const none = await routesPut([file, "--admin-url", admin], undefined);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("EDGE_ADMIN_TOKEN");
    const wrong = await routesPut([file, "--admin-url", admin], "wrong-token-abcdefghijklmnop");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("HTTP 401 ADMIN_UNAUTHORIZED");
  });

  it("reports the worker's refusal (409: same version, other content) and exits 1", async () => {
    const file = join(tmp, "same-version.json");
    writeFileSync(file, JSON.stringify({ ...table("cli-1"), settings: {} }));
    const r = await routesPut([file, "--admin-url", admin], TOKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HTTP 409 CONFIG_VERSION_UNCHANGED");
  });
});

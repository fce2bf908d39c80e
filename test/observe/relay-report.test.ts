import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, runWorker, withProbe } from "../helpers/edge.ts";
import { type RelayProcess, spawnRelay } from "../relay/process-helpers.ts";

/**
 * The real relay process polling the real worker's admin API reports its version; `GET /relays`
 * lists it and `PUT /config?wait=relays` returns once it serves the new version.
 */
const TOKEN = "relay-report-admin-token-0123456789";
const RELAY_ID = "relay-e2e-1";
let worker: RunningWorker;
let relay: RelayProcess | undefined;
let base: string;

const doc = (version: string) =>
  withProbe({
    version,
    virtualHosts: [{ name: "all", domains: ["*"], routes: [{ action: { type: "direct", status: 200, body: "x" } }] }],
    l4: {
      listeners: [{ name: "line", address: "127.0.0.1", port: 0, pool: "line" }],
      pools: { line: { backends: [{ address: "127.0.0.1", port: 9 }] } },
    },
  });
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${base}/_edge${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
  });

beforeAll(async () => {
  worker = await runWorker({ refreshSeconds: "0", bindings: { ADMIN_TOKEN: TOKEN } });
  base = worker.url.href.replace(/\/$/, "");
});
afterAll(async () => {
  if (relay && relay.child.exitCode === null) {
    relay.child.kill("SIGKILL");
    await relay.exited;
  }
  await worker?.dispose();
});

describe("relay reports", () => {
  it("a polling relay shows up in GET /relays, and PUT ?wait=relays waits for it", async () => {
    expect((await admin("/config", { method: "PUT", body: JSON.stringify(doc("rr-1")) })).status).toBe(200);
    const saved = process.env.EDGE_RELAY_ID;
    process.env.EDGE_RELAY_ID = RELAY_ID; // spawnRelay inherits the environment; restored at once
    try {
      relay = spawnRelay(["--config", `${base}/_edge/config`, "--config-token", TOKEN, "--poll-ms", "200"]);
    } finally {
      if (saved === undefined) delete process.env.EDGE_RELAY_ID;
      else process.env.EDGE_RELAY_ID = saved;
    }
    await relay.waitFor((l) => l.event === "ready");
    let listed: { id: string; version: string; behind: boolean; health: { listeners: number } }[] = [];
    for (let i = 0; i < 100 && !listed.some((r) => r.id === RELAY_ID); i++) {
      listed = (await (await admin("/relays")).json()) as typeof listed;
      if (!listed.some((r) => r.id === RELAY_ID)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(listed.find((r) => r.id === RELAY_ID)).toMatchObject({
      version: "rr-1",
      behind: false,
      health: { listeners: 1 },
    });

    const res = await admin("/config?wait=relays&waitSeconds=15", { method: "PUT", body: JSON.stringify(doc("rr-2")) });
    const body = (await res.json()) as { version: string; relays: { synced: string[]; timedOut: boolean } };
    expect(body).toMatchObject({ version: "rr-2", relays: { synced: [RELAY_ID], timedOut: false } });
    await relay.waitFor((l) => l.event === "config_applied" && l.version === "rr-2");
  });
});

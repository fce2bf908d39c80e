import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSource } from "../../src/relay/control/config-source.ts";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";
import { LogCapture } from "./log-capture.ts";

const TOKEN = "observe-admin-token-0123456789";
const HOST = "obs.test";
const logs = new LogCapture();
let edge: Edge;

/** A real loopback webhook receiver: records every JSON body POSTed to it. */
const received: { events: Record<string, unknown>[] }[] = [];
const hook = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    received.push(JSON.parse(body));
    res.end("ok");
  });
});

const doc = (version: string) => ({
  version,
  settings: { events: { webhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` } },
  pools: {
    web: {
      origins: [
        { name: "a", url: edge.origins.a!.url },
        { name: "b", url: edge.origins.b!.url },
      ],
      balance: { policy: "round_robin" },
      outlier: { consecutive5xx: 2, baseEjectionMs: 60_000 },
    },
  },
  virtualHosts: [
    {
      name: "obs",
      domains: [HOST],
      routes: [{ name: "api", match: { path: { segmentPrefix: "/api" } }, action: { type: "forward", pool: "web" } }],
    },
  ],
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(new URL(`/_edge${path}`, edge.base), {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers },
  });

beforeAll(async () => {
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  edge = await startEdge(["a", "b"], { onLog: logs.onLog, bindings: { ADMIN_TOKEN: TOKEN } });
  await edge.load(doc("obs-1"));
});
afterAll(async () => {
  await edge?.close();
  await new Promise((r) => hook.close(r));
});

describe("GET /_edge/stats and health events", () => {
  it("counts requests per route and attempts per origin; an ejection is logged and POSTed to the webhook", async () => {
    for (let i = 0; i < 4; i++) await rawRequest(edge.base, "/api/ok", { headers: { host: HOST } });
    // Two 5xx in a row per origin ejects one (maxEjectionPercent 50 keeps the other).
    for (let i = 0; i < 4; i++) await rawRequest(edge.base, "/api/fail?status=503", { headers: { host: HOST } });
    const stats = (await (await admin("/stats")).json()) as {
      version: string;
      routes: Record<string, { requests: number; status: Record<string, number>; latencyMs: { counts: number[] } }>;
      origins: Record<string, { requests: number; errors: number; ejected: boolean; inFlight: number }>;
    };
    expect(stats.version).toBe("obs-1");
    const api = stats.routes["obs/api"]!;
    expect(api.requests).toBe(8);
    expect(api.status).toEqual({ "2xx": 4, "5xx": 4 });
    expect(api.latencyMs.counts.reduce((a, b) => a + b, 0)).toBe(8);
    const a = stats.origins["web/a"]!;
    const b = stats.origins["web/b"]!;
    expect(a.requests + b.requests).toBe(8);
    expect(a.errors + b.errors).toBe(4);
    expect([a.ejected, b.ejected].filter(Boolean)).toHaveLength(1);
    expect(a.inFlight + b.inFlight).toBe(0);

    const logged = await logs.waitFor("origin_ejected", (o) => o.pool === "web");
    expect(["a", "b"]).toContain(logged.origin);
    // The webhook got the same event (delivered after a response, via waitUntil); one more request flushes if needed.
    const deadline = Date.now() + 5000;
    while (!received.some((b) => b.events.some((e) => e.event === "origin_ejected")) && Date.now() < deadline) {
      await rawRequest(edge.base, "/api/ok", { headers: { host: HOST } });
      await new Promise((r) => setTimeout(r, 50));
    }
    const batch = received.find((b) => b.events.some((e) => e.event === "origin_ejected"));
    expect(batch?.events.find((e) => e.event === "origin_ejected")).toMatchObject({ pool: "web", level: "warn" });
  });

  it("needs the token", async () => {
    const res = await fetch(new URL("/_edge/stats", edge.base));
    expect(res.status).toBe(401);
  });
});

describe("the relay registry", () => {
  const report = (body: unknown) => admin("/relays/report", { method: "POST", body: JSON.stringify(body) });

  it("stores reports and lists relays with whether they lag behind", async () => {
    expect((await report({ id: "relay-1", version: "obs-1", health: { draining: false } })).status).toBe(200);
    expect((await report({ id: "relay-2", version: "obs-0", health: {} })).status).toBe(200);
    const list = (await (await admin("/relays")).json()) as { id: string; version: string; behind: boolean }[];
    expect(list.map((r) => [r.id, r.version, r.behind])).toEqual([
      ["relay-1", "obs-1", false],
      ["relay-2", "obs-0", true],
    ]);
  });

  it("refuses a malformed report with RELAY_REPORT_INVALID naming the field", async () => {
    const res = await report({ id: "bad id with spaces", version: "x" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RELAY_REPORT_INVALID");
    expect(body.error.message).toContain("$.id");
  });

  it("PUT /config?wait=relays waits until every live relay serves the new version (bounded)", async () => {
    await report({ id: "relay-2", version: "obs-1", health: {} });
    // Nobody picks obs-2 up: the wait ends after waitSeconds and says who is behind.
    const t0 = Date.now();
    const slow = await admin("/config?wait=relays&waitSeconds=1", {
      method: "PUT",
      body: JSON.stringify(doc("obs-2")),
    });
    expect(slow.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const slowBody = (await slow.json()) as { relays: { behind: { id: string }[]; timedOut: boolean } };
    expect(slowBody.relays.timedOut).toBe(true);
    expect(slowBody.relays.behind.map((r) => r.id).sort()).toEqual(["relay-1", "relay-2"]);

    // Both relays report obs-3 while the PUT waits: it returns once they have.
    const put = admin("/config?wait=relays&waitSeconds=10", { method: "PUT", body: JSON.stringify(doc("obs-3")) });
    await new Promise((r) => setTimeout(r, 300));
    await report({ id: "relay-1", version: "obs-3", health: {} });
    await report({ id: "relay-2", version: "obs-3", health: {} });
    const res = await put;
    const body = (await res.json()) as { version: string; relays: { synced: string[]; behind: unknown[] } };
    expect(body.version).toBe("obs-3");
    expect(body.relays).toMatchObject({ synced: ["relay-1", "relay-2"], behind: [], timedOut: false });

    const bad = await admin("/config?wait=relays&waitSeconds=99", {
      method: "PUT",
      body: JSON.stringify(doc("obs-4")),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("RELAY_WAIT_INVALID");
  });

  it("the relay's config source reports to the admin API it polls", async () => {
    const source = new ConfigSource(new URL("/_edge/config", edge.base).href, { token: TOKEN });
    source.relayId = "relay-from-source";
    const loaded = await source.load(true);
    expect(loaded.status).toBe("ok");
    expect(await source.report({ version: "obs-3", health: { listeners: 0 } })).toBe(true);
    const list = (await (await admin("/relays")).json()) as { id: string; version: string; health: unknown }[];
    expect(list.find((r) => r.id === "relay-from-source")).toMatchObject({
      version: "obs-3",
      health: { listeners: 0 },
    });
  });

  it("a PUT that changes the document is a version_activated event, logged and POSTed to the webhook", async () => {
    const res = await admin("/config", {
      method: "PUT",
      body: JSON.stringify(doc("obs-5")),
      headers: { "x-edge-author": "alice" },
    });
    expect(res.status).toBe(200);
    const logged = await logs.waitFor("version_activated", (o) => o.version === "obs-5");
    expect(logged).toMatchObject({ author: "alice", via: "PUT /_edge/config" });
    const deadline = Date.now() + 5000;
    const hit = () =>
      received.some((b) => b.events.some((e) => e.event === "version_activated" && e.version === "obs-5"));
    while (!hit() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(hit()).toBe(true);
  });
});

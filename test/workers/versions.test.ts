import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { send, servedVersion, waitForVersion, withProbe } from "./table-helpers.ts";

// Versions, activate/rollback, explain, diff and staged rollout through the admin API, on real KV.
const TOKEN = "test-admin-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A document whose catch-all route answers `body` with `status` (direct, no origin needed). */
const doc = (version: string, body: string, status = 200, extra: unknown[] = []) =>
  withProbe({
    version,
    virtualHosts: [
      {
        name: "site",
        domains: ["site.example"],
        routes: [
          ...extra,
          {
            name: "api",
            match: { path: { segmentPrefix: "/api" }, headers: [{ name: "x-team", exact: "blue" }] },
            action: { type: "direct", status: 200, body: "api" },
          },
          { name: "all", action: { type: "direct", status, body } },
        ],
      },
    ],
  });

const authed = (path: string, init: RequestInit = {}) =>
  send(`/_edge${path}`, {
    host: "admin.example",
    ...init,
    headers: { ...AUTH, ...(init.headers as Record<string, string>) },
  });
const json = (body: unknown) => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

async function put(d: unknown, author = "ana", comment = "change"): Promise<string> {
  const res = await authed(`/config?comment=${encodeURIComponent(comment)}`, {
    method: "PUT",
    body: JSON.stringify(d),
    headers: { "x-edge-author": author },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

interface Listing {
  active: string;
  candidate: null | { id: string; fraction: number; isolate: { requests: number; errors: number } | null };
  versions: Array<{
    id: string;
    version: string;
    hash: string;
    author: string;
    comment: string;
    createdAt: string;
    active: boolean;
  }>;
}
const list = async () => (await (await authed("/versions")).json()) as Listing;
const site = (ip: string, headers: Record<string, string> = {}) =>
  send("/", { host: "site.example", headers: { "cf-connecting-ip": ip, ...headers } });

describe("versions", () => {
  let first = "";
  let second = "";

  it("PUT records each accepted document as a version with author, comment, time and hash", async () => {
    first = await put(doc("ver-1", "one"), "ana", "first cut");
    second = await put(doc("ver-2", "two"), "bo", "second");
    expect(second > first).toBe(true);
    const l = await list();
    expect(l.active).toBe(second);
    expect(l.candidate).toBeNull();
    expect(l.versions[0]).toMatchObject({
      id: second,
      version: "ver-2",
      author: "bo",
      comment: "second",
      active: true,
    });
    expect(l.versions[1]).toMatchObject({
      id: first,
      version: "ver-1",
      author: "ana",
      comment: "first cut",
      active: false,
    });
    expect(l.versions[0]!.hash).toMatch(/^"sha256-[0-9a-f]{64}"$/);
    expect(Date.parse(l.versions[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    // The active key still holds the active document's bytes (the worker reads only it).
    expect(JSON.parse((await env.ROUTES.get(env.ROUTES_KEY))!).version).toBe("ver-2");
    await waitForVersion("ver-2");
  });

  it("GET /versions/:id returns meta and document; unknown ids are 404 VERSION_NOT_FOUND", async () => {
    const res = await authed(`/versions/${first}`);
    const body = (await res.json()) as { meta: { id: string; active: boolean }; document: { version: string } };
    expect(body.meta).toMatchObject({ id: first, active: false });
    expect(body.document.version).toBe("ver-1");
    for (const id of ["v999999", "nope"]) {
      const r = await authed(`/versions/${id}`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("VERSION_NOT_FOUND");
    }
  });

  it("POST /versions/:id/activate rolls back, and the worker follows", async () => {
    const res = await authed(`/versions/${first}/activate`, { method: "POST" });
    expect(await res.json()).toMatchObject({ active: first, version: "ver-1" });
    await waitForVersion("ver-1");
    expect(await (await site("1.1.1.1")).text()).toBe("one");
    expect((await list()).active).toBe(first);
    await authed(`/versions/${second}/activate`, { method: "POST" });
    await waitForVersion("ver-2");
  });

  it("refuses to activate a version whose `version` equals the active one's but whose bytes differ (409)", async () => {
    const same = await put(doc("ver-1", "one, edited"));
    await waitForVersion("ver-1");
    const res = await authed(`/versions/${first}/activate`, { method: "POST" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CONFIG_VERSION_UNCHANGED");
    expect((await list()).active).toBe(same);
    await authed(`/versions/${second}/activate`, { method: "POST" });
    await waitForVersion("ver-2");
  });

  it("POST /explain names the route and each earlier candidate's first failing condition", async () => {
    const res = await authed(
      "/explain",
      json({ method: "GET", url: "https://site.example/api/x", headers: { "x-team": "red" } }),
    );
    const e = (await res.json()) as {
      virtualHost: { name: string };
      route: { name: string };
      candidates: Array<{
        route: string;
        matched: boolean;
        failed?: { condition: string; path: string; actual: string };
      }>;
    };
    expect(e.virtualHost.name).toBe("site");
    expect(e.route.name).toBe("all");
    expect(e.candidates[0]).toMatchObject({
      route: "api",
      matched: false,
      failed: { condition: "header", path: "$.virtualHosts[1].routes[0].match.headers[0]", actual: "red" },
    });
    const bad = await authed("/explain", json({ url: "not a url" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).toContain("$.url");
  });

  it("POST /diff compares two versions (or documents) with JSON paths", async () => {
    const changed = doc("ver-x", "changed", 200, [
      { name: "new", match: { path: { exact: "/new" } }, action: { type: "direct", status: 204 } },
    ]);
    const res = await authed("/diff", json({ from: first, to: changed }));
    if (res.status !== 200) throw new Error(await res.text());
    const { changes } = (await res.json()) as { changes: Array<{ kind: string; path: string; summary: string }> };
    expect(changes).toContainEqual({ kind: "changed", path: "$.version", summary: 'version "ver-1" → "ver-x"' });
    expect(changes).toContainEqual(expect.objectContaining({ kind: "added", path: "$.virtualHosts[1].routes[0]" }));
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: "changed",
        path: "$.virtualHosts[1].routes[2]",
        summary: expect.stringContaining('"one" → "changed"'),
      }),
    );
    expect((await authed("/diff", json({ from: "v999999", to: first }))).status).toBe(404);
  });
  it("keeps the last 20 versions (VERSIONS_KEEP): older ones are pruned from KV", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push(await put(doc(`bulk-${i}`, `b${i}`)));
    const l = await list();
    expect(l.versions.map((v) => v.id)).toEqual(ids.slice(1).reverse());
    expect(l.active).toBe(ids[20]);
    expect((await authed(`/versions/${first}`)).status).toBe(404);
    expect((await authed(`/versions/${ids[0]}`)).status).toBe(404);
    expect((await authed(`/versions/${ids[1]}`)).status).toBe(200);
  });
});

describe("staged rollout", () => {
  let active = "";
  let candidate = "";
  const ips = Array.from({ length: 200 }, (_, i) => `10.0.${i >> 4}.${i & 15}`);

  it("serves the candidate to a stable fraction of clients", async () => {
    candidate = await put(doc("cand-1", "candidate"));
    active = await put(doc("act-1", "active"));
    await waitForVersion("act-1");
    const res = await authed("/rollout", json({ id: candidate, fraction: 0.3 }));
    expect(res.status).toBe(200);
    expect((await list()).candidate).toMatchObject({ id: candidate, fraction: 0.3 });
    // Wait until this isolate loaded the candidate (one refresh), then take one full pass.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const bodies = await Promise.all(ips.slice(0, 40).map(async (ip) => (await site(ip)).text()));
      if (bodies.includes("candidate")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seen = new Map<string, string>();
    for (const ip of ips) seen.set(ip, await (await site(ip)).text());
    const share = [...seen.values()].filter((b) => b === "candidate").length / ips.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.42);
    for (const ip of ips.slice(0, 40)) expect(await (await site(ip)).text()).toBe(seen.get(ip));
    // The edge_rollout cookie pins the bucket instead of the IP.
    const byCookie = new Set<string>();
    for (let i = 0; i < 40; i++)
      byCookie.add(await (await site(`9.9.9.${i}`, { cookie: "edge_rollout=fixed-client" })).text());
    expect(byCookie.size).toBe(1);
  });

  it("DELETE /rollout aborts; a second DELETE is 409 ROLLOUT_CONFLICT", async () => {
    const res = await authed("/rollout", { method: "DELETE" });
    expect(await res.json()).toMatchObject({ active, candidate: null, aborted: candidate });
    const again = await authed("/rollout", { method: "DELETE" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("ROLLOUT_CONFLICT");
    expect((await authed("/rollout", json({ id: active, fraction: 0.5 }))).status).toBe(409);
    expect((await authed("/rollout", json({ id: candidate, fraction: 2 }))).status).toBe(400);
  });

  it("rolls a failing candidate back automatically past the error threshold", async () => {
    const failing = await put(doc("bad-1", "broken", 503));
    await authed(`/versions/${active}/activate`, { method: "POST" });
    await waitForVersion("act-1");
    const start = await authed(
      "/rollout",
      json({ id: failing, fraction: 0.5, autoRollback: { errorRate: 0.2, minRequests: 10 } }),
    );
    expect(start.status).toBe(200);
    let fives = 0;
    const deadline = Date.now() + 15_000;
    // Traffic until the candidate has failed enough for this isolate to roll it back.
    for (let i = 0; Date.now() < deadline && (await list()).candidate !== null; i++) {
      const res = await site(ips[i % ips.length]!);
      if (res.status === 503) fives++;
      await res.text();
    }
    expect(fives).toBeGreaterThanOrEqual(10);
    expect((await list()).candidate).toBeNull();
    // Everyone is back on the active table, and the active version did not change.
    for (const ip of ips.slice(0, 50)) expect((await site(ip)).status).toBe(200);
    expect((await list()).active).toBe(active);
    expect(await servedVersion()).toBe("act-1");
  });
});

describe("unauthorized", () => {
  it("refuses every new endpoint without the token, and live explain with a wrong one", async () => {
    for (const [path, method] of [
      ["/versions", "GET"],
      ["/versions/v000001", "GET"],
      ["/versions/v000001/activate", "POST"],
      ["/rollout", "POST"],
      ["/rollout", "DELETE"],
      ["/explain", "POST"],
      ["/diff", "POST"],
    ] as const) {
      const res = await send(`/_edge${path}`, {
        host: "admin.example",
        method,
        headers: { authorization: "Bearer wrong-token-0123456789" },
      });
      expect(res.status, path).toBe(401);
    }
    const res = await send("/api/x", { host: "site.example", headers: { "x-edge-explain": "wrong-token-0123456789" } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ADMIN_UNAUTHORIZED");
  });

  it("answers a live request's explanation when the debug header holds the admin token", async () => {
    const res = await send("/api/x", { host: "site.example", headers: { "x-edge-explain": TOKEN, "x-team": "blue" } });
    const e = (await res.json()) as { servedVersion: string; route: { name: string }; action: { type: string } };
    expect(e.route.name).toBe("api");
    expect(e.servedVersion).toBe("act-1");
    expect(e.action.type).toBe("direct");
  });
});

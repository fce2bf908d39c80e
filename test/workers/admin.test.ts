import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { originOf, send, waitForVersion, withProbe } from "./table-helpers.ts";

// vitest.config.ts gives this project ADMIN_TOKEN; the prefix is wrangler.toml's ADMIN_PREFIX (/_edge).
const TOKEN = "test-admin-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const o = inject("origins");

const doc = (version: string, origin: string, extra: Record<string, unknown> = {}) =>
  withProbe({
    version,
    pools: { p: { origins: [{ name: origin, url: o[origin]! }], ...extra } },
    virtualHosts: [{ name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "p" } }] }],
  });

function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return send(`/_edge${path}`, { host: "admin.example", ...init });
}
const authed = (path: string, init: RequestInit = {}) =>
  admin(path, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });

async function errorOf(res: Response) {
  return (
    (await res.json()) as {
      error: { code: string; message: string; requestId: string; issues?: { path: string; message: string }[] };
    }
  ).error;
}

async function sha256Tag(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return `"sha256-${[...d].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

describe("admin API authentication", () => {
  it("answers 401 ADMIN_UNAUTHORIZED with a Bearer challenge when no token is sent", async () => {
    const res = await admin("/config", { headers: { "x-request-id": "req-1" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="edge-admin"');
    expect(await errorOf(res)).toEqual({
      code: "ADMIN_UNAUTHORIZED",
      message: expect.stringContaining("Authorization"),
      requestId: "req-1",
    });
  });

  it("answers 401 invalid_token for a wrong token (also one differing only in length)", async () => {
    for (const token of ["wrong-token-0123456789", `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await admin("/config", { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect((await errorOf(res)).code).toBe("ADMIN_UNAUTHORIZED");
    }
  });

  it("answers 400 ADMIN_BAD_AUTHORIZATION for another scheme", async () => {
    const res = await admin("/config", { headers: { authorization: `Basic ${btoa("a:b")}` } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("ADMIN_BAD_AUTHORIZATION");
  });

  it("needs the token for unknown admin paths too, then answers 404 ADMIN_NOT_FOUND", async () => {
    expect((await admin("/nope")).status).toBe(401);
    const res = await authed("/nope");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("ADMIN_NOT_FOUND");
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const res = await authed("/config", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, PUT");
    expect((await errorOf(res)).code).toBe("ADMIN_METHOD_NOT_ALLOWED");
  });
});

// In order: they share KV and the worker's table, as one operator's session would.
describe("admin API on the route table", () => {
  const v1 = `${JSON.stringify(doc("a1", "web-a"), null, 2)}\n`;

  it("GET /config answers 404 CONFIG_NOT_FOUND while nothing is stored", async () => {
    await env.ROUTES.delete(env.ROUTES_KEY);
    const res = await authed("/config");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("CONFIG_NOT_FOUND");
  });

  it("PUT /config stores a valid document byte for byte and the router serves it", async () => {
    const res = await authed("/config", { method: "PUT", body: v1, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    const tag = await sha256Tag(v1);
    expect(await res.json()).toEqual({
      version: "a1",
      etag: tag,
      changed: true,
      id: expect.stringMatching(/^v\d{6}$/),
    });
    expect(res.headers.get("etag")).toBe(tag);
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(v1);
    await waitForVersion("a1");
    expect(await originOf(await send("/x"))).toBe("web-a");
  });

  it("GET /config returns the exact bytes with a strong SHA-256 ETag; If-None-Match gives 304", async () => {
    const res = await authed("/config");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const tag = res.headers.get("etag")!;
    expect(tag).toBe(await sha256Tag(v1));
    expect(await res.text()).toBe(v1);
    for (const inm of [tag, `"other", ${tag}`, `W/${tag}`, "*"]) {
      const again = await authed("/config", { headers: { "if-none-match": inm } });
      expect(again.status, inm).toBe(304);
      expect(again.headers.get("etag")).toBe(tag);
      expect(await again.text()).toBe("");
    }
    expect((await authed("/config", { headers: { "if-none-match": '"sha256-stale"' } })).status).toBe(200);
    const head = await authed("/config", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(tag);
  });

  it("PUT of an invalid document answers 400 CONFIG_INVALID with each JSON path and leaves KV alone", async () => {
    const bad = doc("a2", "web-b") as Record<string, unknown>;
    bad.virtualHosts = [{ name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "missing" } }] }];
    (bad.pools as Record<string, { origins: { url: string }[] }>).p!.origins[0]!.url = "not a url";
    const res = await authed("/config", {
      method: "PUT",
      body: JSON.stringify(bad),
      headers: { "x-request-id": "put-bad" },
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.requestId).toBe("put-bad");
    expect(err.issues!.map((i) => i.path).sort()).toEqual([
      "$.pools.p.origins[0].url",
      "$.virtualHosts[0].routes[0].action.pool",
    ]);
    expect(err.issues!.every((i) => i.message.length > 0)).toBe(true);
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(v1);

    const broken = await authed("/config", { method: "PUT", body: "{ nope" });
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).issues![0]!.path).toBe("$");
    const notUtf8 = await authed("/config", { method: "PUT", body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect((await errorOf(notUtf8)).issues).toEqual([{ path: "$", message: "the body is not valid UTF-8" }]);
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(v1);
  });

  it("If-Match: 412 CONFIG_PRECONDITION_FAILED for a stale ETag, success for the current one", async () => {
    const v2 = JSON.stringify(doc("a2", "web-b"));
    const stale = await authed("/config", { method: "PUT", body: v2, headers: { "if-match": '"sha256-0000"' } });
    expect(stale.status).toBe(412);
    expect((await errorOf(stale)).code).toBe("CONFIG_PRECONDITION_FAILED");
    const weak = await authed("/config", {
      method: "PUT",
      body: v2,
      headers: { "if-match": `W/${await sha256Tag(v1)}` },
    });
    expect(weak.status).toBe(412); // If-Match uses the strong comparison
    const createOnly = await authed("/config", { method: "PUT", body: v2, headers: { "if-none-match": "*" } });
    expect(createOnly.status).toBe(412);
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(v1);

    const ok = await authed("/config", { method: "PUT", body: v2, headers: { "if-match": await sha256Tag(v1) } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ version: "a2", changed: true });
    await waitForVersion("a2");
    expect(await originOf(await send("/x"))).toBe("web-b");
  });

  it("refuses changed content under the same version (409) and accepts the identical bytes as a no-op", async () => {
    const current = (await env.ROUTES.get(env.ROUTES_KEY))!;
    const same = await authed("/config", { method: "PUT", body: current });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ version: "a2", changed: false });
    const res = await authed("/config", { method: "PUT", body: JSON.stringify(doc("a2", "web-a")) });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("CONFIG_VERSION_UNCHANGED");
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(current);
  });

  it("refuses a body over the KV limit with 413 while it streams in", async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 30) return c.close();
        sent++;
        c.enqueue(chunk);
      },
    });
    const res = await authed("/config", { method: "PUT", body });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("CONFIG_TOO_LARGE");
    expect(sent).toBeLessThan(30);
  });

  it("POST /validate checks without writing", async () => {
    const before = await env.ROUTES.get(env.ROUTES_KEY);
    const good = await authed("/validate", { method: "POST", body: JSON.stringify(doc("a9", "web-a")) });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ valid: true, version: "a9" });
    const bad = await authed("/validate", { method: "POST", body: JSON.stringify({ version: "" }) });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).issues!.map((i) => i.path)).toEqual(["$.version"]);
    const unsafe = await authed("/validate", {
      method: "POST",
      body: JSON.stringify({
        version: "r",
        virtualHosts: [
          {
            name: "v",
            domains: ["*"],
            routes: [{ match: { path: { regex: "^/(a)\\1$" } }, action: { type: "direct", status: 200 } }],
          },
        ],
      }),
    });
    expect(unsafe.status).toBe(400);
    expect((await authed("/validate")).status).toBe(405);
    expect(await env.ROUTES.get(env.ROUTES_KEY)).toBe(before);
  });

  it("GET /status shows the loaded version, the stored one and per-origin health", async () => {
    const withHealth = doc("a3", "web-a", { health: { path: "/health" } });
    await authed("/config", { method: "PUT", body: JSON.stringify(withHealth) });
    await waitForVersion("a3");
    const now = Date.now();
    const rec = {
      up: false,
      since: now - 5000,
      checkedAt: now - 1000,
      consecutive: 0,
      url: o["web-a"],
      last: "UNREACHABLE",
    };
    await env.ROUTES.put("health:v1", JSON.stringify({ v: 1, writtenAt: now, pools: { p: { "web-a": rec } } }));
    const res = await authed("/status");
    expect(res.status).toBe(200);
    const s = (await res.json()) as Record<string, any>;
    expect(s.version).toBe("a3");
    expect(Date.parse(s.loadedAt)).toBeGreaterThan(now - 60_000);
    expect(s.key).toBe(env.ROUTES_KEY);
    expect(s.refreshSeconds).toBe(1);
    expect(s.stored).toEqual({ version: "a3", etag: await sha256Tag(JSON.stringify(withHealth)) });
    expect(s.health.stale).toBe(false);
    expect(s.health.pools.p).toEqual({
      checked: true,
      origins: {
        "web-a": {
          url: o["web-a"],
          up: false,
          since: new Date(rec.since).toISOString(),
          checkedAt: new Date(rec.checkedAt).toISOString(),
          last: "UNREACHABLE",
        },
      },
    });
    expect(s.health.pools.__probe).toBeUndefined();
  });

  it("paths that only start like the prefix are routed as usual; the bare prefix is admin", async () => {
    // The health document above marks the pool's only origin down: the router (not the admin API) says so.
    const res = await send("/_edgex/config", { host: "admin.example" });
    expect(await originOf(res)).toBe("error:NO_HEALTHY_ORIGIN");
    expect((await admin("")).status).toBe(401);
    expect((await admin("?x=1")).status).toBe(401);
  });
});

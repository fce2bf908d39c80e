import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "./edge-harness.ts";
import { startOrigins, type TestOrigin } from "./origins.ts";

/** Session affinity through the real worker in workerd, with AFFINITY_SECRET bound. */
let edge: PoolEdge;
let o: TestOrigin[];

beforeAll(async () => {
  [edge, o] = await Promise.all([
    startPoolEdge({ AFFINITY_SECRET: "e2e-affinity-secret" }),
    startOrigins(["a", "b", "c"]),
  ]);
  const pool = (extra: object) => ({
    origins: o.map((x) => ({ name: x.name, url: x.url })),
    health: { path: "/health" },
    ...extra,
  });
  await edge.load(
    table(
      "aff-1",
      {
        web: pool({ affinity: { type: "cookie", name: "sticky", ttlSeconds: 900, sameSite: "Strict" } }),
        api: pool({ affinity: { type: "header", name: "x-session" } }),
      },
      [
        { prefix: "/web", action: { pool: "web" } },
        { prefix: "/api", action: { pool: "api" } },
      ],
    ),
  );
});
afterAll(async () => {
  await edge?.close();
  await Promise.all(o.map((x) => x.close()));
});

function stickyCookie(res: { headers: Record<string, unknown> }): string {
  const sc = res.headers["set-cookie"] as string[] | undefined;
  const c = sc?.find((s) => s.startsWith("sticky="));
  if (!c) throw new Error(`no sticky cookie in ${JSON.stringify(sc)}`);
  return c;
}

describe("cookie affinity", () => {
  it("sets a signed cookie with the configured attributes and honours it", async () => {
    const first = await edge.get("/web/x");
    const set = stickyCookie(first);
    expect(set).toMatch(
      /^sticky=[0-9a-f]{16}\.\d+\.[A-Za-z0-9_-]{43}; Max-Age=900; Path=\/; SameSite=Strict; Secure; HttpOnly$/,
    );
    const cookie = set.split(";")[0]!;
    const origin = first.headers["x-edge-origin"];
    for (let i = 0; i < 9; i++) {
      const res = await edge.get("/web/x", { headers: { cookie } });
      expect(res.headers["x-edge-origin"]).toBe(origin);
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("ignores a forged cookie (and replaces it)", async () => {
    const set = stickyCookie(await edge.get("/web/x")).split(";")[0]!;
    const [name, value] = set.split("=") as [string, string];
    const [id, exp, sig] = value.split(".") as [string, string, string];
    const forgeries = [
      `${"f".repeat(16)}.${exp}.${sig}`, // other id, stolen signature
      `${id}.${Number(exp) + 86_400}.${sig}`, // extended expiry
      `${id}.${exp}.${"A".repeat(43)}`, // made-up signature
      id, // unsigned id
      "../../etc", // junk
    ];
    for (const f of forgeries) {
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await edge.get("/web/x", { headers: { cookie: `${name}=${f}` } });
        expect(res.status).toBe(200);
        seen.add(String(res.headers["x-edge-origin"]));
        expect(stickyCookie(res)).toMatch(/^sticky=/);
      }
      expect(seen.size).toBeGreaterThan(1); // round robin: the forged value pinned nothing
    }
  });
});

describe("cookie affinity when the origin goes down", () => {
  it("moves to a healthy origin with a new cookie, and stays there", async () => {
    const first = await edge.get("/web/x");
    const cookie = stickyCookie(first).split(";")[0]!;
    const origin = String(first.headers["x-edge-origin"]).split("/")[1]!;
    const url = o.find((x) => x.name === origin)!.url;
    const rec = { up: false, since: 0, checkedAt: Date.now(), consecutive: 0, url, last: "500" };
    await edge.kv.put("health:v1", JSON.stringify({ v: 1, writtenAt: Date.now(), pools: { web: { [origin]: rec } } }));
    let moved: Awaited<ReturnType<typeof edge.get>> | undefined;
    for (let i = 0; i < 200 && moved === undefined; i++) {
      const res = await edge.get("/web/x", { headers: { cookie } });
      if (res.headers["x-edge-origin"] !== `web/${origin}`) moved = res;
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(moved).toBeDefined();
    const next = stickyCookie(moved!).split(";")[0]!;
    expect(next).not.toBe(cookie);
    for (let i = 0; i < 5; i++)
      expect((await edge.get("/web/x", { headers: { cookie: next } })).headers["x-edge-origin"]).toBe(
        moved!.headers["x-edge-origin"],
      );
    await edge.kv.delete("health:v1");
  });
});

describe("header affinity", () => {
  it("keeps a header value on one origin", async () => {
    const owner = new Map<string, unknown>();
    for (let i = 0; i < 30; i++) {
      const s = `sess-${i % 10}`;
      const who = (await edge.get("/api/x", { headers: { "x-session": s } })).headers["x-edge-origin"];
      if (owner.has(s)) expect(who).toBe(owner.get(s));
      owner.set(s, who);
    }
    expect(new Set(owner.values()).size).toBeGreaterThan(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action, downView, pool, send } from "../../pool/fixtures.ts";
import { startOrigins, type TestOrigin } from "../../pool/origins.ts";

let o: TestOrigin[];
beforeAll(async () => {
  o = await startOrigins(["a", "b", "c"]);
});
afterAll(async () => {
  await Promise.all(o.map((x) => x.close()));
});

function cookieValue(setCookie: string | undefined): string {
  const m = /^__edge_aff=([^;]*);/.exec(setCookie ?? "");
  if (!m) throw new Error(`no affinity cookie in ${setCookie}`);
  return m[1]!;
}

describe.each([
  ["signed (AFFINITY_SECRET)", "test-secret"],
  ["opaque id (no secret)", undefined],
])("cookie affinity, %s", (_label, secret) => {
  it("sets a cookie, honours it while the origin is healthy, and moves it when it is not", async () => {
    const pools = { p: pool(o, { affinity: { type: "cookie", ttlSeconds: 600 } }) };
    const act = action({ pool: "p" });
    const first = await send(pools, act, {}, { secret });
    expect(first.setCookie).toMatch(/^__edge_aff=[^;]+; Max-Age=600; Path=\/; SameSite=Lax; Secure; HttpOnly$/);
    const cookie = `__edge_aff=${cookieValue(first.setCookie)}`;
    for (let i = 0; i < 12; i++) {
      const r = await send(pools, act, { headers: { cookie: `other=1; ${cookie}` } }, { secret });
      expect(r.origin).toBe(first.origin); // round robin would have rotated
      expect(r.setCookie).toBeUndefined(); // still valid and fresh: not re-sent
    }
    const moved = await send(pools, act, { headers: { cookie } }, { secret, health: downView(`p/${first.origin}`) });
    expect(moved.origin).not.toBe(first.origin);
    expect(cookieValue(moved.setCookie)).not.toBe(cookieValue(first.setCookie));
    const after = await send(
      pools,
      act,
      { headers: { cookie: `__edge_aff=${cookieValue(moved.setCookie)}` } },
      { secret },
    );
    expect(after.origin).toBe(moved.origin);
  });

  it("renews the cookie past half of its lifetime, keeping the origin", async () => {
    let t = 1_900_000_000_000;
    const now = () => t;
    const pools = { p: pool(o, { affinity: { type: "cookie", ttlSeconds: 600 } }) };
    const act = action({ pool: "p" });
    const first = await send(pools, act, {}, { secret, now });
    const cookie = `__edge_aff=${cookieValue(first.setCookie)}`;
    t += 200_000;
    expect((await send(pools, act, { headers: { cookie } }, { secret, now })).setCookie).toBeUndefined();
    t += 200_000; // 400 s of 600: past half-life
    const renewed = await send(pools, act, { headers: { cookie } }, { secret, now });
    expect(renewed.origin).toBe(first.origin);
    expect(cookieValue(renewed.setCookie)).not.toBe(cookieValue(first.setCookie));
    t += 300_000; // the old cookie has expired by now; the renewed one has not
    const later = await send(
      pools,
      act,
      { headers: { cookie: `__edge_aff=${cookieValue(renewed.setCookie)}` } },
      { secret, now },
    );
    expect(later.origin).toBe(first.origin);
  });

  it("ignores forged or foreign values and replaces them", async () => {
    const pools = { p: pool(o, { affinity: { type: "cookie" } }), q: pool(o, { affinity: { type: "cookie" } }) };
    const fromQ = await send(pools, action({ pool: "q" }), {}, { secret });
    const foreign = cookieValue(fromQ.setCookie);
    const act = action({ pool: "p", retry: { attempts: 1 } });
    for (const forged of [foreign, "0123456789abcdef", "x".repeat(16), `${foreign}.1.2`, "%00"]) {
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const r = await send(pools, act, { headers: { cookie: `__edge_aff=${forged}` } }, { secret });
        seen.add(r.origin);
        expect(r.setCookie).toBeDefined();
      }
      expect(seen.size).toBeGreaterThan(1); // no stickiness from a forged value
    }
  });
});

describe("header affinity", () => {
  it("keeps a header value on one origin while it is healthy and moves it only when it is not", async () => {
    const pools = { p: pool(o, { affinity: { type: "header", name: "x-session" } }) };
    const act = action({ pool: "p" });
    const owner = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const s = `s${i % 20}`;
      const r = await send(pools, act, { headers: { "x-session": s } });
      if (owner.has(s)) expect(r.origin).toBe(owner.get(s));
      owner.set(s, r.origin);
    }
    const victim = owner.get("s0")!;
    for (const [s, was] of owner) {
      const r = await send(pools, act, { headers: { "x-session": s } }, { health: downView(`p/${victim}`) });
      if (was === victim) expect(r.origin).not.toBe(victim);
      else expect(r.origin).toBe(was);
    }
  });
});

import { describe, expect, it } from "vitest";
import { TokenCache } from "../../src/policies/jwt/token-cache.ts";

describe("TokenCache (verified JWTs per isolate)", () => {
  it("keeps an entry no longer than its ttl nor its exp (plus skew), and not before nbf", () => {
    const c = new TokenCache(10, 60_000, 1000);
    c.set("a", { exp: 100 }, 50_000); // exp 100 s + 1 s skew
    expect(c.get("a", 100_500)).toEqual({ exp: 100 });
    expect(c.get("a", 101_001)).toBeUndefined();
    c.set("b", { exp: 10_000 }, 0);
    expect(c.get("b", 59_999)).toBeDefined();
    expect(c.get("b", 60_001)).toBeUndefined();
    c.set("n", { nbf: 50 }, 49_500);
    expect(c.get("n", 48_000)).toBeUndefined();
  });

  it("is bounded: the oldest entry goes first; size 0 keeps nothing", () => {
    const c = new TokenCache(2, 60_000, 0);
    c.set("a", {}, 0);
    c.set("b", {}, 0);
    c.set("c", {}, 0);
    expect([c.get("a", 1), c.get("b", 1), c.get("c", 1)]).toEqual([undefined, {}, {}]);
    const none = new TokenCache(0, 60_000, 0);
    none.set("a", {}, 0);
    expect(none.get("a", 1)).toBeUndefined();
  });
});

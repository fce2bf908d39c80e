import { describe, expect, it, vi } from "vitest";
import { adminPrefixFor, adminPrefixOf } from "../../src/admin/dispatch.ts";
import { matchHits, noneMatchHits } from "../../src/admin/etag.ts";

describe("adminPrefixFor: which raw URLs the admin API takes", () => {
  const env = { ADMIN_PREFIX: "/_edge" };
  it.each([
    ["https://h.example/_edge", true],
    ["https://h.example/_edge/", true],
    ["https://h.example/_edge/config", true],
    ["https://h.example/_edge?x=1", true],
    ["https://h.example:8443/_edge/status", true],
    ["https://h.example/_edgex/config", false],
    ["https://h.example/x/_edge/config", false],
    ["https://h.example/?next=/_edge/config", false],
    ["https://h.example/", false],
    ["https://_edge/", false],
  ])("%s -> %s", (url, admin) => {
    expect(adminPrefixFor(url, env) !== undefined).toBe(admin);
  });

  it("honours a nested prefix and ignores a trailing slash in it", () => {
    expect(adminPrefixFor("https://h/ops/edge/config", { ADMIN_PREFIX: "/ops/edge/" })).toBe("/ops/edge");
    expect(adminPrefixFor("https://h/ops/config", { ADMIN_PREFIX: "/ops/edge" })).toBeUndefined();
    expect(adminPrefixOf({})).toBe("/_edge");
  });

  it("switches the API off (and logs once) for a prefix that is not a plain path", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const bad of ["/", "_edge", "/a b", "/x/../y", "/%2e"]) {
        expect(adminPrefixOf({ ADMIN_PREFIX: bad }), bad).toBeUndefined();
        expect(adminPrefixOf({ ADMIN_PREFIX: bad })).toBeUndefined();
      }
      expect(err.mock.calls.filter((c) => String(c[0]).includes("admin_prefix_invalid"))).toHaveLength(5);
    } finally {
      err.mockRestore();
    }
  });
});

describe("conditional headers against the stored ETag", () => {
  const tag = '"sha256-ab"';
  it("If-None-Match: weak comparison, lists and *", () => {
    expect(noneMatchHits(tag, tag)).toBe(true);
    expect(noneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(noneMatchHits(`"x", ${tag}`, tag)).toBe(true);
    expect(noneMatchHits("*", tag)).toBe(true);
    expect(noneMatchHits("*", null)).toBe(false);
    expect(noneMatchHits('"sha256-cd"', tag)).toBe(false);
  });
  it("If-Match: strong comparison", () => {
    expect(matchHits(tag, tag)).toBe(true);
    expect(matchHits(`W/${tag}`, tag)).toBe(false);
    expect(matchHits("*", tag)).toBe(true);
    expect(matchHits("*", null)).toBe(false);
    expect(matchHits(tag, null)).toBe(false);
  });
});

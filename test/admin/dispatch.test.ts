import { describe, expect, it, vi } from "vitest";
import { adminPrefixFor, adminPrefixOf, adminTargetFor } from "../../src/admin/dispatch.ts";
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

describe("adminTargetFor: every spelling of the prefix reaches the admin API (issue 10, defect 4)", () => {
  const env = { ADMIN_PREFIX: "/_edge" };
  it.each([
    ["https://h/%5Fedge/config", "https://h/_edge/config"],
    ["https://h/%5fedge/config?x=1", "https://h/_edge/config?x=1"],
    ["https://h//_edge/config", "https://h/_edge/config"],
    ["https://h/./_edge/status", "https://h/_edge/status"],
    ["https://h/_edge/../_edge/status", "https://h/_edge/status"],
    ["https://h/x/../_edge", "https://h/_edge"],
    ["https://h/%2e/_edge/config", "https://h/_edge/config"],
    ["https://h/_edge;x=1/config", "https://h/_edge/config"],
    ["https://h/_edge%2Fconfig", "https://h/_edge/config"],
    ["https://h/%5F%65dge", "https://h/_edge"],
    ["https://h///_edge//status", "https://h/_edge/status"],
  ])("%s -> %s", (url, rewritten) => {
    const t = adminTargetFor(url, env);
    expect(t?.prefix).toBe("/_edge");
    expect(t?.url).toBe(rewritten);
  });

  it.each(["https://h/%5Fedgex/config", "https://h/x/%5Fedge", "https://h/a/b?next=//_edge", "https://h/%zz/_edge"])(
    "%s is not admin",
    (url) => {
      expect(adminTargetFor(url, env)).toBeUndefined();
    },
  );

  it("takes the plain spelling without rewriting", () => {
    expect(adminTargetFor("https://h/_edge/config", env)).toEqual({ prefix: "/_edge" });
  });
});

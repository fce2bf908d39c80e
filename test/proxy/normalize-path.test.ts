import { describe, expect, it } from "vitest";
import { normalizePath } from "../../src/proxy/normalize-path.ts";
import type { PathSettings } from "../../src/schema/settings.ts";

const DEF: PathSettings = { mergeSlashes: true, escapedSlashes: "reject" };

describe("normalizePath (defaults: merge slashes, reject encoded slashes)", () => {
  const cases: Array<[string, string]> = [
    ["/", "/"],
    ["", "/"],
    ["/admin", "/admin"],
    ["/public/../admin", "/admin"],
    ["/public/%2e%2e/admin", "/admin"],
    ["/public/%2E%2E/admin", "/admin"],
    ["/%61dmin", "/admin"],
    ["/%41DMIN", "/ADMIN"],
    ["//admin", "/admin"],
    ["///admin//x", "/admin/x"],
    ["/admin/.", "/admin/"],
    ["/admin/./x", "/admin/x"],
    ["/a/b/..", "/a/"],
    ["/a/b/../..", "/"],
    ["/../../etc/passwd", "/etc/passwd"],
    ["/..", "/"],
    ["/a/", "/a/"],
    ["/a//", "/a/"],
    ["/caf%c3%a9", "/caf%C3%A9"],
    ["/a%20b", "/a%20b"],
    ["/x%7e%5f%2d", "/x~_-"],
    ["/a\\..\\admin", "/admin"],
    ["/.hidden/..foo", "/.hidden/..foo"],
    ["/v1/users/42?", "/v1/users/42?"],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(want)}`, () => {
      expect(normalizePath(input, DEF)).toBe(want);
    });
  }

  it("returns the same string object on the fast path (no allocation)", () => {
    const p = "/api/v2/users/42";
    expect(normalizePath(p, DEF)).toBe(p);
  });

  for (const bad of ["/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5c..%5cadmin", "/bad%zz", "/bad%4", "/nul%00x", "relative"]) {
    it(`rejects ${JSON.stringify(bad)} with BAD_PATH`, () => {
      expect(() => normalizePath(bad, DEF)).toThrow(expect.objectContaining({ code: "BAD_PATH", status: 400 }));
    });
  }
});

describe("normalizePath options", () => {
  it("keeps encoded slashes (upper-cased) without splitting segments when escapedSlashes=keep", () => {
    const s: PathSettings = { mergeSlashes: true, escapedSlashes: "keep" };
    expect(normalizePath("/files/a%2fb", s)).toBe("/files/a%2Fb");
    expect(normalizePath("/files/..%2f..%2fadmin", s)).toBe("/files/..%2F..%2Fadmin");
  });

  it("decodes encoded slashes and backslashes before resolving dots when escapedSlashes=decode", () => {
    const s: PathSettings = { mergeSlashes: true, escapedSlashes: "decode" };
    expect(normalizePath("/files/a%2Fb", s)).toBe("/files/a/b");
    expect(normalizePath("/public/..%2Fadmin", s)).toBe("/admin");
    expect(normalizePath("/public/..%5Cadmin", s)).toBe("/admin");
  });

  it("keeps empty segments when mergeSlashes=false", () => {
    const s: PathSettings = { mergeSlashes: false, escapedSlashes: "reject" };
    expect(normalizePath("//admin", s)).toBe("//admin");
    expect(normalizePath("/a//../b", s)).toBe("/a/b");
  });
});

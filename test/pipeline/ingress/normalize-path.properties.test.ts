/**
 * Property tests (fast-check) of path normalization: idempotent under every setting, and never
 * yields a path that a stricter decoder (an origin that percent-decodes once more) maps elsewhere.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePath } from "../../../src/pipeline/ingress/normalize-path.ts";
import type { PathSettings } from "../../../src/schema/settings.ts";

/** Pieces that make the interesting paths: dot segments in every spelling, escapes, double escapes, separators. */
const PIECE = fc.constantFrom(
  "a",
  "admin",
  "B",
  ".",
  "..",
  "%2e",
  "%2E%2e",
  "%252e",
  "%25%32%65",
  "%2f",
  "%2F",
  "%5c",
  "%255C",
  "%252F",
  "\\",
  "/",
  "//",
  ";x=1",
  "..;",
  "%3B",
  "%41",
  "%7e",
  "%C3%A9",
  "%00",
  "%zz",
  "%25",
  "~",
  "-",
  "_",
);
const rawPath = fc.array(PIECE, { maxLength: 8 }).map((p) => `/${p.join("")}`);
const settings: fc.Arbitrary<PathSettings> = fc.record({
  mergeSlashes: fc.boolean(),
  escapedSlashes: fc.constantFrom("reject", "keep", "decode"),
  semicolons: fc.constantFrom("reject", "keep"),
  doubleEscapes: fc.constantFrom("reject", "keep"),
});

function tryNormalize(p: string, s: PathSettings): string | null {
  try {
    return normalizePath(p, s);
  } catch (e) {
    expect((e as { code?: string }).code).toBe("BAD_PATH"); // only ever the edge's own 400
    return null;
  }
}

/** What an origin that decodes every escape once more, then resolves dot segments, would serve. */
function stricterView(p: string): string {
  const decoded = p.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const segs = decoded.replace(/\\/g, "/").split("/");
  const out: string[] = [];
  for (const s of segs.slice(1)) {
    const name = s.split(";")[0];
    if (name === "..") out.pop();
    else if (name !== "." && s !== "") out.push(s);
  }
  return `/${out.join("/")}`;
}

/** The same path with separators merged and nothing decoded: the edge's own segment structure. */
function edgeView(p: string): string {
  const out = p.split("/").filter((s) => s !== "");
  return `/${out.join("/")}`.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe("normalizePath properties", () => {
  it("is idempotent under every setting, and only ever fails with BAD_PATH", () => {
    fc.assert(
      fc.property(rawPath, settings, (p, s) => {
        const once = tryNormalize(p, s);
        if (once === null) return;
        expect(once.startsWith("/")).toBe(true);
        expect(tryNormalize(once, s)).toBe(once);
      }),
      { numRuns: 3000, seed: 61206 },
    );
  });

  it("with the default escape policies, an origin decoding once more sees the same path the edge matched", () => {
    // escapedSlashes=keep and doubleEscapes=keep are documented opt-outs of exactly this guarantee.
    const strict = settings.filter((s) => s.escapedSlashes !== "keep" && s.doubleEscapes === "reject");
    fc.assert(
      fc.property(rawPath, strict, (p, s) => {
        const n = tryNormalize(p, s);
        if (n === null) return;
        expect(stricterView(n)).toBe(edgeView(n));
      }),
      { numRuns: 3000, seed: 61207 },
    );
  });
});

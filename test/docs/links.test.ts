import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anchors, brokenLinks, slug } from "./markdown-links.ts";

const ROOT = process.cwd();
const FILES = [
  ...["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "bench/RESULTS.md"],
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

describe("Markdown links", () => {
  it("computes GitHub's heading slugs", () => {
    expect(slug("`balance`: choosing an origin")).toBe("balance-choosing-an-origin");
    expect(slug("Path normalization (before matching; the origin receives the normalized path)")).toBe(
      "path-normalization-before-matching-the-origin-receives-the-normalized-path",
    );
    expect([...anchors("# A\n## A\n```\n# not a heading\n```\n")]).toEqual(["a", "a-1"]);
  });

  it.each(FILES)("every relative link and #anchor in %s resolves", (file) => {
    const broken = brokenLinks(ROOT, file).map((b) => `${b.file}:${b.line} ${b.target}: ${b.why}`);
    expect(broken).toEqual([]);
  });
});

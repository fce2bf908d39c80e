import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/schema/syntax/template.ts";
import { templateCertainlyValid } from "../../src/schema/template-check.ts";

const parses = (t: string) => {
  try {
    parseTemplate(t);
    return true;
  } catch {
    return false;
  }
};

/** Deterministic pseudo-random templates built from valid and invalid segment pieces. */
function* generated(count: number): Generator<string> {
  const pieces = [
    "",
    "a",
    "users",
    "v1",
    "x.json",
    "a b",
    "%2F",
    "*",
    "**",
    "{id}",
    "{id=*}",
    "{rest=**}",
    "{id}",
    "{Id_2}",
    "{2x}",
    "{}",
    "{a",
    "a}",
    "{a}b",
    "x*",
    "{a=x}",
    "{a=***}",
    "{_}",
    "{a}{b}",
    "{b=**}",
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    const n = 1 + (next() % 5);
    let t = "";
    for (let j = 0; j < n; j++) t += `/${pieces[next() % pieces.length]}`;
    yield next() % 13 === 0 ? t.slice(1) : t;
  }
}

describe("templateCertainlyValid: a fast yes only where parseTemplate says yes", () => {
  it("never says yes to a template the router rejects", () => {
    let yes = 0;
    for (const t of generated(20_000)) {
      if (!templateCertainlyValid(t)) continue;
      yes++;
      expect(parses(t), t).toBe(true);
    }
    expect(yes).toBeGreaterThan(1000);
  });

  it("says yes to the common shapes (so validation skips the full parse)", () => {
    for (const t of [
      "/",
      "/users",
      "/users/{id}",
      "/repos/{owner}/{repo}/issues/{n}",
      "/files/{rest=**}",
      "/a/*/b",
      "/static/**",
      "/a/{id=*}/b",
      "/v1/x.json",
    ]) {
      expect(templateCertainlyValid(t), t).toBe(true);
    }
  });

  it("leaves every invalid form to parseTemplate", () => {
    for (const t of [
      "",
      "users",
      "/{id}/{id}",
      "/{a}/{a=**}",
      "/**/x",
      "/{rest=**}/x",
      "/{x}.json",
      "/{2x}",
      "/a*",
      "/{}",
    ]) {
      expect(templateCertainlyValid(t), t).toBe(false);
      expect(parses(t), t).toBe(false);
    }
  });
});

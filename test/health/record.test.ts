import { describe, expect, it } from "vitest";
import { statusMatcher } from "../../src/health/expected-status.ts";
import { applyCheck, HEALTH_STALE_AFTER_MS, type OriginHealth, parseHealthDocument } from "../../src/health/record.ts";
import { healthViewOf } from "../../src/health/view.ts";

const URL_A = "http://127.0.0.1:1";

function run(results: boolean[], rise = 2, fall = 3): boolean[] {
  let h: OriginHealth | undefined;
  return results.map((ok, t) => (h = applyCheck(h, ok, ok ? "200" : "500", URL_A, rise, fall, t)).up);
}

describe("rise/fall", () => {
  it("starts up and goes down only after `fall` failures in a row", () => {
    expect(run([false, false, true, false, false, false])).toEqual([true, true, true, true, true, false]);
  });

  it("comes back after `rise` successes in a row", () => {
    expect(run([false, false, false, true, false, true, true], 2, 3)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("records transition time and restarts on a URL change", () => {
    let h = applyCheck(undefined, false, "TIMEOUT", URL_A, 1, 1, 10);
    expect(h).toMatchObject({ up: false, since: 10, checkedAt: 10, last: "TIMEOUT", consecutive: 0 });
    h = applyCheck(h, false, "TIMEOUT", URL_A, 1, 1, 20);
    expect(h).toMatchObject({ up: false, since: 10, checkedAt: 20 });
    h = applyCheck(h, true, "200", "http://127.0.0.1:2", 5, 5, 30);
    expect(h).toMatchObject({ up: true, since: 30, url: "http://127.0.0.1:2" });
  });
});

describe("health documents and views", () => {
  const origin = { name: "a", url: URL_A, weight: 1 };
  const doc = {
    v: 1 as const,
    writtenAt: 1000,
    pools: { p: { a: { up: false, since: 0, checkedAt: 1000, consecutive: 0, url: URL_A, last: "500" } } },
  };

  it("parses only well-formed documents", () => {
    expect(parseHealthDocument(JSON.stringify(doc))).toEqual(doc);
    for (const bad of [null, "", "{", "null", '{"v":2}', '{"v":1,"writtenAt":"x","pools":{}}'])
      expect(parseHealthDocument(bad)).toBeNull();
  });

  it("answers from the document, failing open when stale, unknown or for another URL", () => {
    const view = healthViewOf(doc);
    expect(view.isUp("p", origin, 2000)).toBe(false);
    expect(view.isUp("p", { ...origin, name: "b" }, 2000)).toBe(true);
    expect(view.isUp("q", origin, 2000)).toBe(true);
    expect(view.isUp("p", { ...origin, url: "http://127.0.0.1:9" }, 2000)).toBe(true);
    expect(view.isUp("p", origin, 1000 + HEALTH_STALE_AFTER_MS + 1)).toBe(true);
    expect(healthViewOf(null).isUp("p", origin, 0)).toBe(true);
  });
});

describe("expected status", () => {
  it("matches codes, classes and ranges", () => {
    const m = statusMatcher([204, "3xx", "400-404"]);
    expect([204, 300, 302, 399, 400, 404].every(m)).toBe(true);
    expect([200, 205, 405, 500].some(m)).toBe(false);
    expect(statusMatcher(["200"])(200)).toBe(true);
  });
});

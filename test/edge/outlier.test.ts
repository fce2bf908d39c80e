import { describe, expect, it } from "vitest";
import { OutlierDetector } from "../../src/edge/outlier.ts";
import { OutlierSchema } from "../../src/schema/pool.ts";

const cfg = (o: object = {}) =>
  OutlierSchema.parse({
    consecutive5xx: 3,
    consecutiveConnectFailures: 2,
    baseEjectionMs: 1000,
    maxEjectionMs: 2500,
    maxEjectionPercent: 50,
    ...o,
  });

describe("outlier detection", () => {
  it("ejects after consecutive 5xx and returns after the ejection time", () => {
    const d = new OutlierDetector(cfg(), 4);
    expect(d.record(0, "http5xx", 0)).toBe(false);
    expect(d.record(0, "http5xx", 1)).toBe(false);
    expect(d.record(0, "http5xx", 2)).toBe(true);
    expect(d.isEjected(0, 3)).toBe(true);
    expect(d.isEjected(0, 1001)).toBe(true);
    expect(d.isEjected(0, 1002)).toBe(false);
  });

  it("a success resets the count", () => {
    const d = new OutlierDetector(cfg(), 4);
    d.record(0, "http5xx", 0);
    d.record(0, "http5xx", 0);
    d.record(0, "success", 0);
    expect(d.record(0, "http5xx", 0)).toBe(false);
    expect(d.isEjected(0, 1)).toBe(false);
  });

  it("ejects after consecutive connect failures; timeouts count as connect failures", () => {
    const d = new OutlierDetector(cfg(), 4);
    d.record(1, "connect-failure", 0);
    expect(d.record(1, "timeout", 0)).toBe(true);
  });

  it("grows the ejection time with repeated ejections, capped at max", () => {
    const d = new OutlierDetector(cfg({ consecutive5xx: 1 }), 4);
    let t = 0;
    const durations: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(d.record(0, "http5xx", t)).toBe(true);
      durations.push(d.ejectedUntil(0) - t);
      t = d.ejectedUntil(0);
    }
    expect(durations).toEqual([1000, 2000, 2500, 2500]);
  });

  it("never ejects beyond maxEjectionPercent, and never the last origin", () => {
    const d = new OutlierDetector(cfg({ consecutive5xx: 1 }), 4);
    expect(d.record(0, "http5xx", 0)).toBe(true);
    expect(d.record(1, "http5xx", 0)).toBe(true);
    expect(d.record(2, "http5xx", 0)).toBe(false); // 50% of 4 = 2 already ejected
    expect(d.ejectedCount(0)).toBe(2);
    // Once one returns, another may go.
    expect(d.record(2, "http5xx", 1500)).toBe(true);

    const all = new OutlierDetector(cfg({ consecutive5xx: 1, maxEjectionPercent: 100 }), 2);
    expect(all.record(0, "http5xx", 0)).toBe(true);
    expect(all.record(1, "http5xx", 0)).toBe(false);
    const single = new OutlierDetector(cfg({ consecutive5xx: 1, maxEjectionPercent: 100 }), 1);
    expect(single.record(0, "http5xx", 0)).toBe(false);
  });

  it("0 disables a trigger", () => {
    const d = new OutlierDetector(cfg({ consecutive5xx: 0, consecutiveConnectFailures: 0 }), 4);
    for (let i = 0; i < 100; i++) expect(d.record(0, i % 2 ? "http5xx" : "connect-failure", i)).toBe(false);
  });
});

describe("re-admission by time and evidence (issue 10, defect 3)", () => {
  it("returns on probation: the first failure after the ejection time re-ejects, for longer", () => {
    const d = new OutlierDetector(cfg(), 4);
    for (let i = 0; i < 3; i++) d.record(0, "http5xx", 0);
    expect(d.isEjected(0, 500)).toBe(true);
    // Back after 1000 ms, on probation: one failure (not three) ejects it again, now for 2 x base.
    expect(d.record(0, "http5xx", 1500)).toBe(true);
    expect(d.ejectedUntil(0)).toBe(3500);
  });

  it("a success on probation readmits it fully (failures count from zero again)", () => {
    const d = new OutlierDetector(cfg(), 4);
    for (let i = 0; i < 3; i++) d.record(0, "http5xx", 0);
    d.record(0, "success", 1500);
    expect(d.record(0, "http5xx", 1600)).toBe(false);
    expect(d.record(0, "http5xx", 1700)).toBe(false);
    expect(d.isEjected(0, 1800)).toBe(false);
  });

  it("an ejected origin that answers (tried in panic or by a retry) is readmitted at once", () => {
    const d = new OutlierDetector(cfg(), 4);
    for (let i = 0; i < 3; i++) d.record(0, "http5xx", 0);
    expect(d.isEjected(0, 10)).toBe(true);
    d.record(0, "success", 10);
    expect(d.isEjected(0, 11)).toBe(false);
    expect(d.ejectedCount(11)).toBe(0);
  });
});

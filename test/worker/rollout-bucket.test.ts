import { describe, expect, it } from "vitest";
import { bucketOf } from "../../src/worker/rollout-bucket.ts";

describe("rollout buckets", () => {
  it("are stable per client and spread evenly over [0, 1)", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `198.51.${i >> 8}.${i & 255}`);
    const b = keys.map((k) => bucketOf("v000007", k));
    expect(keys.map((k) => bucketOf("v000007", k))).toEqual(b);
    for (const f of [0.1, 0.5, 0.9]) {
      const share = b.filter((x) => x < f).length / b.length;
      expect(Math.abs(share - f)).toBeLessThan(0.03);
    }
    expect(b.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("sample other clients in another rollout (the id salts the hash)", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    const inA = keys.filter((k) => bucketOf("v000001", k) < 0.1);
    const inBoth = inA.filter((k) => bucketOf("v000002", k) < 0.1);
    expect(inBoth.length / inA.length).toBeLessThan(0.25);
  });
});

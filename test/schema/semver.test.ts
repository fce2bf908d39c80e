import { describe, expect, it } from "vitest";
import { parseVersionRange, VersionRangeError } from "../../src/schema/syntax/semver.ts";

const table: Array<[range: string, yes: string[], no: string[]]> = [
  ["^2", ["2", "2.0.0", "v2.9", "2.99.1"], ["1.9", "3", "3.0.0-rc.1"]],
  ["^0.2", ["0.2", "0.2.9"], ["0.3", "0.1.9", "1"]],
  ["^0.0.3", ["0.0.3"], ["0.0.4", "0.1"]],
  ["~1.2", ["1.2", "1.2.9"], ["1.3", "1.1.9"]],
  ["~1", ["1", "1.9"], ["2"]],
  [">=2.1 <3", ["2.1", "2.5.3", "2.99"], ["2.0.9", "3", "1"]],
  ["2.x", ["2", "2.4"], ["3", "1.9"]],
  ["2.1.*", ["2.1.0", "2.1.7"], ["2.2", "2.0"]],
  ["*", ["0.0.1", "99"], ["2024-01-01", "garbage", "1.0.0-beta"]],
  ["1.2 - 1.4", ["1.2", "1.4.9"], ["1.5", "1.1"]],
  ["1 || 3", ["1.5", "3.0"], ["2", "4"]],
  [">2", ["3"], ["2.9", "2"]],
  ["<=2", ["2.9", "1"], ["3"]],
  ["= 2.1.0", ["2.1.0", "2.1"], ["2.1.1"]],
  ["2.0.0-beta.2 - 2", ["2.0.0-beta.10", "2.0.0", "2.5"], ["2.0.0-beta.1", "2.0.0-alpha", "3"]],
  [">=2024-01-01", ["2024-01-01", "2024-06-01-preview", "2025-12-31"], ["2023-12-31", "2"]],
  [">=2023-01-01 <2024-06-01", ["2023-01-01", "2024-05-31"], ["2024-06-01", "2022-12-31"]],
  ["2022-11-28", ["2022-11-28"], ["2022-11-29"]],
];

describe("version ranges", () => {
  for (const [range, yes, no] of table) {
    it(range, () => {
      const r = parseVersionRange(range);
      for (const v of yes) expect(r.test(v), `${v} in ${range}`).toBe(true);
      for (const v of no) expect(r.test(v), `${v} not in ${range}`).toBe(false);
    });
  }

  it("rejects malformed ranges with a readable error", () => {
    for (const bad of ["", "^x.y", "1 ||", "2024-01-01 - 2024-02-01", "^2024-01-01"]) {
      expect(() => parseVersionRange(bad), bad).toThrow(VersionRangeError);
    }
  });
});

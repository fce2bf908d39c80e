import { describe, expect, it } from "vitest";
import { workerGroup } from "../../bench/l7/groups.ts";
import { THROUGHPUT_KEYS } from "../../bench/l7/worker-bench.ts";
import { parseArgs } from "../../bench/lib/args.ts";
import { interleave, median, seededRandom } from "../../bench/lib/stats.ts";
import { judge, selected } from "../../bench/lib/types.ts";

describe("bench statistics", () => {
  it("takes the median of odd and even sample counts", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("rotates the order of contenders every round", async () => {
    const order: string[] = [];
    const samples = await interleave(["a", "b", "c"], 3, async (name, round) => {
      order.push(`${round}${name}`);
      return round;
    });
    expect(order).toEqual(["0a", "0b", "0c", "1b", "1c", "1a", "2c", "2a", "2b"]);
    expect(samples).toEqual({ a: [0, 1, 2], b: [0, 1, 2], c: [0, 1, 2] });
  });

  it("drops failed samples (null) instead of counting them", async () => {
    const s = await interleave(["a"], 3, async (_n, r) => (r === 1 ? null : r));
    expect(s.a).toEqual([0, 2]);
  });

  it("replays the same pseudo-random sequence for the same seed", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("bench options", () => {
  it("parses --quick, --only lists and --relay-workers", () => {
    const o = parseArgs(["--quick", "--only", "l4.redis,l7", "--only=l4.iperf1", "--relay-workers", "1"], 1000);
    expect(o).toMatchObject({
      quick: true,
      only: ["l4.redis", "l7", "l4.iperf1"],
      relayWorkers: 1,
      profile: true,
      deadline: 721_000,
    });
  });

  it("rejects unknown options and bad values with the option's name", () => {
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option --fast/);
    expect(() => parseArgs(["--relay-workers", "0"])).toThrow(/--relay-workers/);
    expect(() => parseArgs(["--budget-s", "901"])).toThrow(/--budget-s/);
    expect(() => parseArgs(["--only"])).toThrow(/--only needs a value/);
  });

  it("selects figures by exact key or by prefix, not by substring", () => {
    const o = parseArgs(["--only", "l4.redis,l7"]);
    expect(selected(o, "l4.redis")).toBe(true);
    expect(selected(o, "l4.redis_newconn")).toBe(false);
    expect(selected(o, "l7.match")).toBe(true);
    expect(selected(o, "l4.iperf1")).toBe(false);
    expect(selected(parseArgs([]), "l4.iperf1")).toBe(true);
  });

  it("runs the one l7.throughput run for any of the figures it measures", () => {
    for (const only of ["l7.throughput", "l7.cpu_us", "l7.p99", "l7"]) {
      const keys = workerGroup.keys.filter((k) => selected(parseArgs(["--only", only]), k));
      expect(keys.some((k) => THROUGHPUT_KEYS.includes(k))).toBe(true);
    }
    expect(workerGroup.keys.filter((k) => selected(parseArgs(["--only", "l7.bundle"]), k))).toEqual(["l7.bundle"]);
  });

  it("judges ratios in the target's direction", () => {
    expect(judge(0.95, { op: ">=", value: 0.9, of: "" })).toBe(true);
    expect(judge(0.85, { op: ">=", value: 0.9, of: "" })).toBe(false);
    expect(judge(1.2, { op: "<=", value: 1, of: "" })).toBe(false);
    expect(judge(null, { op: "<=", value: 1, of: "" })).toBeNull();
  });
});

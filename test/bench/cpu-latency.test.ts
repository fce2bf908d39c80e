import { describe, expect, it } from "vitest";
import { cpuFigure, p99Figure, perContender } from "../../bench/l7/cpu-latency.ts";
import { parseWrk } from "../../bench/l7/workerd-run.ts";

// The summary wrk 4.1 prints with --latency (numbers from a bench run, trimmed to one thread).
const WRK_OUTPUT = `Running 5s test @ http://127.0.0.1:40111/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.12ms    3.01ms  46.50ms   93.21%
    Req/Sec     3.85k   210.33     4.12k    78.00%
  Latency Distribution
     50%  850.00us
     75%    4.20ms
     90%    5.81ms
     99%   20.60ms
  19163 requests in 5.00s, 4.61MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   3832.43
Transfer/sec:    943.63KB
`;

describe("wrk summary", () => {
  it("reads the rate, the request count and the p50/p99 percentiles in ms", () => {
    expect(parseWrk(WRK_OUTPUT)).toEqual({ rps: 3832.43, requests: 19163, p50ms: 0.85, p99ms: 20.6, non2xx: 3 });
  });

  it("has no result without a request rate, and NaN percentiles without --latency", () => {
    expect(parseWrk("unable to connect to 127.0.0.1:1 Connection refused")).toBeNull();
    const plain = parseWrk("  10 requests in 1.00s, 1KB read\nRequests/sec:   10.00\n");
    expect(plain?.p99ms).toBeNaN();
  });
});

describe("l7.cpu_us and l7.p99 from the l7.throughput rounds", () => {
  const rounds = (router: number[], bare: number[], others = [200, 210]) => {
    const per = perContender();
    per.router.push(...router);
    per.bare.push(...bare);
    per.router_no_log.push(...others);
    per.bare_handler.push(...others);
    per.peer.push(...others);
    return per;
  };

  it("judges the difference of the CPU medians in µs against 25 µs, with every contender for context", () => {
    const f = cpuFigure(rounds([240, 236, 250, 238], [150, 144, 140, 146]));
    expect(f.medians).toEqual({ ours: 239, bare: 145, "ours − bare": 94 });
    expect(f.ratio).toBe(94);
    expect(f.target).toMatchObject({ op: "<=", value: 25, unit: "µs" });
    expect(f.met).toBe(false);
    expect(f.cases?.["minus bare (µs per request)"]).toEqual({
      ours: 94,
      ours_access_log_off: 60,
      bare_handler: 60,
      peer: 60,
    });
    expect(f.cases?.["ours − bare per round (µs)"]).toBe("90, 92, 110, 92");
    expect(Object.keys(f.samples ?? {})).toEqual(["ours", "ours_access_log_off", "bare_handler", "bare", "peer"]);
    expect(cpuFigure(rounds([160, 170], [150, 140])).met).toBe(true);
  });

  it("is unmeasured, not met, when a contender has no sample", () => {
    const f = cpuFigure(rounds([240], []));
    expect([f.ratio, f.met]).toEqual([null, null]);
    expect(p99Figure(rounds([], [3]), rounds([], [1])).met).toBeNull();
  });

  it("judges ours ÷ bare on the median p99 of the rounds", () => {
    const f = p99Figure(rounds([10, 12, 11], [10, 9, 10]), rounds([2, 2, 2], [1.5, 1.5, 1.5]));
    expect(f.medians).toEqual({ ours: 11, bare: 10 });
    expect(f.ratio).toBe(1.1);
    expect(f.met).toBe(true);
    expect(f.cases?.["all (p50 ms)"]).toEqual({
      ours: 2,
      ours_access_log_off: 205,
      bare_handler: 205,
      bare: 1.5,
      peer: 205,
    });
    expect(f.cases?.["p50 ours ÷ bare"]).toBe(1.33);
  });
});

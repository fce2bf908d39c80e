import { describe, expect, it } from "vitest";
import { parseEdgeConfig } from "../../src/schema/index.ts";

const pools = {
  a: { origins: [{ name: "a1", url: "http://127.0.0.1:9101" }] },
  b: { origins: [{ name: "b1", url: "http://127.0.0.1:9102" }] },
};

function doc(action: object) {
  return {
    version: "1",
    pools,
    virtualHosts: [{ name: "v", domains: ["*"], routes: [{ action: { type: "forward", ...action } }] }],
  };
}

function issues(action: object): string[] {
  const r = parseEdgeConfig(doc(action));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const AT = "$.virtualHosts[0].routes[0].action";
const at = (rest: string) => new RegExp(`^${AT.replace(/[$.[\]]/g, "\\$&")}${rest}`);

describe("forward action: pool chain and retry fields", () => {
  it("accepts pool, pools + fallbackPool, and fills retry defaults", () => {
    expect(issues({ pool: "a" })).toEqual([]);
    expect(issues({ pools: ["a"], fallbackPool: "b", lastResort: true })).toEqual([]);
    const r = parseEdgeConfig(doc({ pool: "a" }));
    expect(r.ok && r.config.virtualHosts[0]!.routes[0]!.action).toMatchObject({
      lastResort: false,
      retry: { attempts: 2, retryOn: ["connect-failure"], bufferBodyBytes: 65_536, idempotentOnly: true },
    });
  });

  it("requires exactly one of pool and pools", () => {
    expect(issues({})).toEqual([`${AT}: needs exactly one of \`pool\` or \`pools\``]);
    expect(issues({ pool: "a", pools: ["b"] })).toEqual([`${AT}: needs exactly one of \`pool\` or \`pools\``]);
  });

  it("reports unknown, repeated and redundant pools at their paths", () => {
    expect(issues({ pools: ["a", "nope", "a"], fallbackPool: "gone" })).toEqual([
      `${AT}.pools[1]: pool "nope" is not defined`,
      `${AT}.pools[2]: pool "a" is already in the chain at pools[0]`,
      `${AT}.fallbackPool: pool "gone" is not defined`,
    ]);
    expect(issues({ pools: ["a", "b"], fallbackPool: "b" })).toEqual([
      `${AT}.fallbackPool: pool "b" is already in the chain`,
    ]);
    expect(issues({ pool: "a", fallbackPool: "a" })).toEqual([`${AT}.fallbackPool: pool "a" is already in the chain`]);
    expect(issues({ pool: "zzz" })).toEqual([`${AT}.pool: pool "zzz" is not defined`]);
  });

  it("validates retry fields with paths", () => {
    const got = issues({
      pool: "a",
      retry: { attempts: 11, retryOn: ["teapot"], perTryTimeoutMs: 0, bufferBodyBytes: -1, budget: { percent: 101 } },
    });
    expect(got).toEqual(
      expect.arrayContaining([
        expect.stringMatching(at("\\.retry\\.attempts: ")),
        expect.stringMatching(at("\\.retry\\.retryOn\\[0\\]: must be one of connect-failure")),
        expect.stringMatching(at("\\.retry\\.perTryTimeoutMs: ")),
        expect.stringMatching(at("\\.retry\\.bufferBodyBytes: ")),
        expect.stringMatching(at("\\.retry\\.budget\\.percent: ")),
      ]),
    );
    expect(issues({ pool: "a", retry: { unknownField: 1 } })[0]).toMatch(at("\\.retry: .*unknownField"));
  });
});

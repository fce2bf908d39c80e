import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { type RecordingOrigin, startRecordingOrigin } from "./recording-origin.ts";

/**
 * Geo steering through the real worker in workerd, from both location sources: request.cf (Miniflare
 * gives every request its fixed fallback location under NODE_ENV=test: US, NA, TX, DFW) and the
 * settings.geoHeader request header.
 */
let edge: PoolEdge;
let o: Record<string, RecordingOrigin>;
let v = 0;
const names = ["eu", "ustx", "asia", "home"];

beforeAll(async () => {
  const started = await Promise.all(names.map(startRecordingOrigin));
  o = Object.fromEntries(started.map((x) => [x.name, x]));
  edge = await startPoolEdge();
});
afterAll(async () => {
  await edge?.close();
  await Promise.all(Object.values(o ?? {}).map((x) => x.close()));
});

const steerTable = (settings: object) =>
  table(
    `steer-${++v}`,
    Object.fromEntries(names.map((n) => [n, { origins: [{ name: n, url: o[n]!.url }] }])),
    [
      {
        prefix: "/",
        action: {
          pool: "home",
          steer: {
            rules: [
              { continent: ["EU"], pool: "eu" },
              { country: ["US"], region: ["TX"], pool: "ustx" },
              { colo: ["NRT", "HND"], pools: ["asia", "home"] },
            ],
          },
        },
      },
    ],
    settings,
  );
const who = async (geo?: string) => {
  const r = await edge.get("/x", { headers: geo === undefined ? {} : { "x-edge-geo": geo } });
  expect(r.status).toBe(200);
  return [r.text().split(" ")[0], r.headers["x-edge-steer"]];
};

describe("geo steering", () => {
  it("steers by request.cf, and ignores the location header unless settings.geoHeader names it", async () => {
    await edge.load(steerTable({}));
    expect(await who()).toEqual(["ustx", "rule-1"]);
    expect(await who("continent=EU, country=DE")).toEqual(["ustx", "rule-1"]);
  });

  it("takes the location from the configured header: continent, country+region, colo, and the default", async () => {
    await edge.load(steerTable({ geoHeader: "x-edge-geo" }));
    expect(await who("continent=eu, country=DE, region=BY, colo=FRA")).toEqual(["eu", "rule-0"]);
    expect(await who("country=JP, continent=AS, region=13, colo=NRT")).toEqual(["asia", "rule-2"]);
    expect(await who("country=BR, continent=SA, region=SP, colo=GRU")).toEqual(["home", "default"]);
    // Fields the header does not name keep request.cf's values (US, NA, TX, DFW).
    expect(await who("colo=LHR")).toEqual(["ustx", "rule-1"]);
    expect(await who("region=CA")).toEqual(["home", "default"]);
    // Without the header: request.cf.
    expect(await who()).toEqual(["ustx", "rule-1"]);
  });

  it("latency mode: the pool whose origins answered the health checks fastest comes first", async () => {
    const [slow, fast] = [o.eu!, o.asia!];
    const hc = { path: "/health", timeoutMs: 5000 };
    await edge.load(
      table(
        `steer-${++v}`,
        {
          slow: { origins: [{ name: "slow", url: slow.url }], health: hc },
          fast: { origins: [{ name: "fast", url: fast.url }], health: hc },
        },
        [{ prefix: "/", action: { pools: ["slow", "fast"], steer: { latency: true } } }],
      ),
    );
    // No measurement yet: the action's own order.
    expect((await edge.get("/x")).headers["x-edge-steer"]).toBe("default");
    slow.delayMs = 300;
    await edge.scheduled();
    const first = async (want: string) => {
      let r = await edge.get("/x");
      for (let i = 0; i < 100 && r.headers["x-edge-steer"] !== want; i++) {
        await new Promise((res) => setTimeout(res, 25));
        r = await edge.get("/x");
      }
      return [r.headers["x-edge-steer"], r.text().split(" ")[0]];
    };
    expect(await first("latency-fast")).toEqual(["latency-fast", "asia"]);
    // The other pool becomes the faster one: after the next checks the order flips.
    slow.delayMs = 0;
    fast.delayMs = 600;
    await edge.scheduled();
    expect(await first("latency-slow")).toEqual(["latency-slow", "eu"]);
    fast.delayMs = 0;
  });
});

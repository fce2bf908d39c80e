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
});

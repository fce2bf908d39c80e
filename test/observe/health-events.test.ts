import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolEdge, startPoolEdge, table } from "../pool/edge-harness.ts";
import { startOrigins, type TestOrigin } from "../pool/origins.ts";

/**
 * failover, failover_recovered and pool_down through the real worker in workerd, observed at a
 * real loopback webhook (settings.events.webhook). Health comes from the health document in KV,
 * as the Cron Trigger writes it.
 */
let edge: PoolEdge;
let o: TestOrigin[];
const events: Record<string, unknown>[] = [];
const hook = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    events.push(...(JSON.parse(body) as { events: Record<string, unknown>[] }).events);
    res.end();
  });
});

const down = (pools: Record<string, string[]>) => ({
  v: 1,
  writtenAt: Date.now(),
  pools: Object.fromEntries(
    Object.entries(pools).map(([pool, names]) => [
      pool,
      Object.fromEntries(
        names.map((n) => [
          n,
          {
            up: false,
            since: 0,
            checkedAt: Date.now(),
            consecutive: 0,
            url: o.find((x) => x.name === n)!.url,
            last: "500",
          },
        ]),
      ),
    ]),
  ),
});

/** Requests until the answer is `want` (x-edge-origin or status), bounded. */
async function until(want: string) {
  for (let i = 0; i < 200; i++) {
    const res = await edge.get("/x");
    if (String(res.headers["x-edge-origin"] ?? res.status) === want) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never answered by ${want}`);
}
/** Waits (bounded) for the webhook to have received `event`; each request flushes queued events. */
async function received(event: string) {
  for (let i = 0; i < 100; i++) {
    const hit = events.find((e) => e.event === event);
    if (hit !== undefined) return hit;
    await edge.get("/x");
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`webhook never received ${event}`);
}

beforeAll(async () => {
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  [edge, o] = await Promise.all([startPoolEdge(), startOrigins(["a", "c"])]);
  const [a, c] = o as [TestOrigin, TestOrigin];
  const webhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/events`;
  const po = (x: TestOrigin) => ({ origins: [{ name: x.name, url: x.url }], health: { path: "/health" } });
  await edge.load(
    table("ev-1", { one: po(a), two: po(c) }, [{ prefix: "/", action: { pools: ["one", "two"] } }], {
      events: { webhook },
    }),
  );
});
afterAll(async () => {
  await edge?.close();
  await Promise.all(o.map((x) => x.close()));
  await new Promise((r) => hook.close(r));
});

describe("health change events", () => {
  it("failover, failover_recovered and pool_down are reported once per change", async () => {
    await until("one/a");
    await edge.kv.put("health:v1", JSON.stringify(down({ one: ["a"] })));
    await until("two/c");
    expect(await received("failover")).toMatchObject({ level: "warn", chain: ["one", "two"], from: "one", to: "two" });

    await edge.kv.put("health:v1", JSON.stringify(down({})));
    await until("one/a");
    expect(await received("failover_recovered")).toMatchObject({ pool: "one" });

    await edge.kv.put("health:v1", JSON.stringify(down({ one: ["a"], two: ["c"] })));
    await until("503");
    expect(await received("pool_down")).toMatchObject({ level: "error", chain: ["one", "two"] });
    // More requests in the same state add no more events.
    for (let i = 0; i < 5; i++) await edge.get("/x");
    await new Promise((r) => setTimeout(r, 200));
    await edge.get("/x");
    expect(events.filter((e) => e.event === "pool_down")).toHaveLength(1);
    expect(events.filter((e) => e.event === "failover")).toHaveLength(1);
  });
});

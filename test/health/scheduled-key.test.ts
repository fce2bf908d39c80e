import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHealthChecks } from "../../src/health/scheduled.ts";

/** Just enough of KVNamespace for the checker: get/put on a Map. */
function memoryKv(entries: Record<string, string>) {
  const m = new Map(Object.entries(entries));
  const ns = {
    get: async (k: string) => m.get(k) ?? null,
    put: async (k: string, v: string) => void m.set(k, v),
  } as unknown as KVNamespace;
  return { m, ns };
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("runHealthChecks: routes key", () => {
  it('reads the table from "routes" when ROUTES_KEY is empty, like the worker and the admin API', async () => {
    const doc = {
      version: "1",
      pools: { p: { origins: [{ name: "a", url }], health: { path: "/health" } } },
      virtualHosts: [],
    };
    const { m, ns } = memoryKv({ routes: JSON.stringify(doc) });
    const result = await runHealthChecks({ ROUTES: ns, ROUTES_KEY: "" });
    expect(result?.pools.p?.a).toBeDefined();
    expect(m.has("health:v1")).toBe(true);
  });
});

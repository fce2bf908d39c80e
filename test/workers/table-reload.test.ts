import { env } from "cloudflare:workers";
import { describe, expect, inject, it, vi } from "vitest";
import { load, originOf, putTable, send, servedVersion, waitForVersion } from "./table-helpers.ts";

const o = inject("origins");
const table = (version: string, origin: string) => ({
  version,
  pools: { p: { origins: [{ name: origin, url: o[origin]! }] } },
  virtualHosts: [{ name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "p" } }] }],
});
/**
 * Asserts r2 is served on every poll until the worker has logged `event` (a refresh really looked
 * at the new KV value), then returns that log entry. Fails after a generous deadline.
 */
async function servingR2Until(
  errors: { mock: { calls: unknown[][] } },
  event: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    expect(await servedVersion()).toBe("r2");
    const line = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes(`"event":"${event}"`));
    if (line !== undefined) return JSON.parse(line) as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`no ${event} log line within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

// These run in order and share the worker's module-scope table, as requests in one isolate do.
describe("route table loading from KV (refresh interval 1 s in this project)", () => {
  it("answers 503 ROUTE_TABLE_MISSING while the key does not exist", async () => {
    await env.ROUTES.delete(env.ROUTES_KEY);
    const res = await send("/");
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("ROUTE_TABLE_MISSING");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("loads the table once it appears, without a redeploy", async () => {
    await load(table("r1", "web-a"));
    expect(await originOf(await send("/"))).toBe("web-a");
  });

  it("picks up a new version after the refresh interval", async () => {
    await putTable(table("r2", "web-b"));
    await waitForVersion("r2");
    expect(await originOf(await send("/"))).toBe("web-b");
  });

  it("keeps serving the last good table when an invalid one is written", async () => {
    const bad = table("r3-bad", "web-a") as Record<string, unknown>;
    bad.virtualHosts = [
      { name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "missing-pool" } }] },
    ];
    const errors = vi.spyOn(console, "error");
    try {
      await env.ROUTES.put(env.ROUTES_KEY, JSON.stringify(bad));
      // Give the worker several refresh intervals to look at it.
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        expect(await servedVersion()).toBe("r2");
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await originOf(await send("/"))).toBe("web-b");
      // The rejection is logged as JSON with the JSON path of each issue.
      const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes("route_table_invalid"));
      expect(logged).toBeDefined();
      const entry = JSON.parse(logged!) as { keeping: string; issues: Array<{ path: string; message: string }> };
      expect(entry.keeping).toBe("r2");
      expect(entry.issues.map((i) => i.path)).toContain("$.virtualHosts[0].routes[0].action.pool");
    } finally {
      errors.mockRestore();
    }
  });

  it("keeps serving the last good table when the key holds broken JSON (and logs the rejection)", async () => {
    const errors = vi.spyOn(console, "error");
    try {
      await env.ROUTES.put(env.ROUTES_KEY, "{ not json");
      // Until a refresh has looked at the broken document (proved by its log line), r2 must stay.
      const entry = await servingR2Until(errors, "route_table_invalid");
      expect(entry).toMatchObject({ keeping: "r2", issues: [expect.objectContaining({ path: "$" })] });
      expect(await servedVersion()).toBe("r2");
    } finally {
      errors.mockRestore();
    }
  });

  it("keeps serving the last good table when the key is deleted (and logs it)", async () => {
    const errors = vi.spyOn(console, "error");
    try {
      await env.ROUTES.delete(env.ROUTES_KEY);
      const entry = await servingR2Until(errors, "route_table_missing_keeping_last_good");
      expect(entry).toMatchObject({ key: env.ROUTES_KEY, version: "r2" });
      expect(await servedVersion()).toBe("r2");
    } finally {
      errors.mockRestore();
    }
  });

  it("does not recompile a document whose version is unchanged", async () => {
    // Same version, different content: the worker keeps the compiled r2 (bump version to apply).
    await putTable(table("r2", "canary"));
    await new Promise((r) => setTimeout(r, 1500));
    await servedVersion();
    await new Promise((r) => setTimeout(r, 200));
    expect(await originOf(await send("/"))).toBe("web-b");
  });

  it("recovers with the next valid version", async () => {
    await load(table("r4", "canary"));
    expect(await originOf(await send("/"))).toBe("canary");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeError } from "../../src/core/errors/index.ts";
import { ALL_UP } from "../../src/health/view.ts";
import { fetchOrigin, type UpstreamRequest } from "../../src/pipeline/upstream/fetch-origin.ts";
import { forwardToPools } from "../../src/pipeline/upstream/forward-pools.ts";
import { RequestFacts } from "../../src/pipeline/upstream/request-facts.ts";
import { action, pool } from "./fixtures.ts";
import { startOrigins, type TestOrigin } from "./origins.ts";

/**
 * Defect 1 (issue 10): a request the runtime refuses to send (GET/HEAD with a body) is the
 * client's fault. With real fetch against real loopback origins: 400, no attempt counted against
 * any origin, no retry, no ejection.
 */
let a: TestOrigin, b: TestOrigin;
beforeAll(async () => {
  [a, b] = (await startOrigins(["a", "b"])) as [TestOrigin, TestOrigin];
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const up = (method: string, body: Uint8Array | null): UpstreamRequest => ({
  method,
  path: "/x",
  search: "",
  headers: new Headers(),
  body,
  timeoutMs: 5_000,
});

describe("client-caused fetch failures", () => {
  it("a GET/HEAD with a body is a 400 BAD_REQUEST_BODY, never an origin failure", async () => {
    for (const method of ["GET", "HEAD"]) {
      const err = await fetchOrigin({ name: "a", url: a.url } as never, up(method, new Uint8Array([1]))).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EdgeError);
      expect((err as EdgeError).status).toBe(400);
      expect((err as EdgeError).code).toBe("BAD_REQUEST_BODY");
    }
  });

  it("never ejects, retries or counts against an origin", async () => {
    const pools = {
      p: pool([a, b], {
        outlier: { consecutive5xx: 1, consecutiveConnectFailures: 1, baseEjectionMs: 60_000, maxEjectionMs: 60_000 },
      }),
    };
    const act = action({ pool: "p", retry: { attempts: 3 } });
    for (let i = 0; i < 5; i++) {
      const u = up("GET", new Uint8Array([1, 2, 3]));
      const err = await forwardToPools({
        pools,
        action: act,
        up: u,
        facts: new RequestFacts(new Headers(u.headers), "", ""),
        health: ALL_UP,
      }).catch((e: unknown) => e);
      expect((err as EdgeError).code).toBe("BAD_REQUEST_BODY");
    }
    // Both origins are still in rotation (round robin alternates): nothing was ejected.
    const who = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const u = up("GET", null);
      const r = await forwardToPools({
        pools,
        action: act,
        up: u,
        facts: new RequestFacts(new Headers(u.headers), "", ""),
        health: ALL_UP,
      });
      await r.response.arrayBuffer();
      who.add(r.origin);
    }
    expect(who).toEqual(new Set(["a", "b"]));
    expect(a.hits + b.hits).toBe(4);
  });
});

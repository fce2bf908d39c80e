import { Context, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { NoRouteError } from "../../../src/core/errors/index.ts";
import { runPolicies } from "../../../src/pipeline/policy/index.ts";

const ctx = () => new Context(new Request("http://edge.test/x"));
const action = () => new Response("from the action", { headers: { "x-action": "1" } });

describe("the policy stage", () => {
  it("runs the chain in order around the action; each may change the response after next()", async () => {
    const seen: string[] = [];
    const mark =
      (name: string): MiddlewareHandler =>
      async (c, next) => {
        seen.push(`${name} in`);
        await next();
        seen.push(`${name} out`);
        c.res.headers.set(`x-${name}`, "1");
      };
    const res = await runPolicies([mark("a"), mark("b")], ctx(), "rid", () => {
      seen.push("action");
      return action();
    });
    expect(seen).toEqual(["a in", "b in", "action", "b out", "a out"]);
    expect(await res.text()).toBe("from the action");
    expect([res.headers.get("x-a"), res.headers.get("x-b"), res.headers.get("x-action")]).toEqual(["1", "1", "1"]);
  });

  it("a policy that answers stops the chain: the action never runs", async () => {
    let ran = false;
    const refuse: MiddlewareHandler = async (c) => c.text("no", 401);
    const res = await runPolicies([refuse], ctx(), "rid", () => {
      ran = true;
      return action();
    });
    expect([res.status, await res.text(), ran]).toEqual([401, "no", false]);
  });

  it("an HTTPException of a user's middleware keeps its response; Hono's auth refusals and EdgeErrors become the error JSON there", async () => {
    const hono: MiddlewareHandler = async () => {
      throw new HTTPException(429, { res: new Response("slow down", { status: 429 }) });
    };
    const res = await runPolicies([hono], ctx(), "rid", action);
    expect([res.status, await res.text()]).toEqual([429, "slow down"]);
    const basic: MiddlewareHandler = async () => {
      throw new HTTPException(401, {
        res: new Response("no", { status: 401, headers: { "www-authenticate": 'Basic realm="x"' } }),
      });
    };
    const refused = await runPolicies([basic], ctx(), "rid", action);
    expect([
      refused.status,
      refused.headers.get("www-authenticate"),
      ((await refused.json()) as { error: { code: string } }).error.code,
    ]).toEqual([401, 'Basic realm="x"', "AUTH_REQUIRED"]);
    // The policies before a refusal still see a response after next() (CORS headers land on errors too).
    const outer: MiddlewareHandler = async (c, next) => {
      await next();
      c.res.headers.set("x-outer", "1");
    };
    const edge: MiddlewareHandler = async () => {
      throw new NoRouteError("GET", "edge.test", "/x");
    };
    const miss = await runPolicies([outer, edge], ctx(), "rid", action);
    expect([miss.status, miss.headers.get("x-outer"), ((await miss.json()) as { error: unknown }).error]).toEqual([
      404,
      "1",
      { code: "NO_ROUTE", message: "no route matches GET edge.test/x", requestId: "rid" },
    ]);
  });

  it("refuses a policy that calls next() twice", async () => {
    const twice: MiddlewareHandler = async (_c, next) => {
      await next();
      await next();
    };
    const res = await runPolicies([twice], ctx(), "rid", action);
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([500, "INTERNAL"]);
  });
});

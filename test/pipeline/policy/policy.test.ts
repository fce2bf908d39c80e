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
    const res = await runPolicies([mark("a"), mark("b")], ctx(), () => {
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
    const res = await runPolicies([refuse], ctx(), () => {
      ran = true;
      return action();
    });
    expect([res.status, await res.text(), ran]).toEqual([401, "no", false]);
  });

  it("an HTTPException (hono's own middleware) becomes its response; an EdgeError goes on to the errors stage", async () => {
    const hono: MiddlewareHandler = async () => {
      throw new HTTPException(429, { res: new Response("slow down", { status: 429 }) });
    };
    const res = await runPolicies([hono], ctx(), action);
    expect([res.status, await res.text()]).toEqual([429, "slow down"]);
    const edge: MiddlewareHandler = async () => {
      throw new NoRouteError("GET", "edge.test", "/x");
    };
    await expect(runPolicies([edge], ctx(), action)).rejects.toBeInstanceOf(NoRouteError);
  });

  it("refuses a policy that calls next() twice", async () => {
    const twice: MiddlewareHandler = async (_c, next) => {
      await next();
      await next();
    };
    await expect(runPolicies([twice], ctx(), action)).rejects.toThrow("next() called multiple times");
  });
});

import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";

/**
 * Stage 3, policy: the route's policy chain (auth, rate limits, CORS… see src/policies) runs
 * before the action, compose-style, with the request's Hono Context. Each policy may answer (return
 * a Response, or throw an HTTPException / EdgeError) to refuse, or call `next()` to go on — and may
 * then change `c.res`, the action's response. The worker calls this only for routes that have a
 * chain (EdgeRoute.policies defined): a route without policies pays nothing here.
 */
export async function runPolicies(
  chain: readonly MiddlewareHandler[],
  c: Context,
  action: () => Promise<Response> | Response,
): Promise<Response> {
  let index = -1;
  const dispatch = async (i: number): Promise<void> => {
    if (i <= index) throw new Error("next() called multiple times");
    index = i;
    if (i === chain.length) {
      c.res = await action();
      return;
    }
    try {
      const res = await chain[i]!(c, () => dispatch(i + 1));
      if (res instanceof Response) c.res = res;
    } catch (err) {
      if (!(err instanceof HTTPException)) throw err; // EdgeErrors go to the errors stage
      c.res = err.getResponse();
    }
  };
  await dispatch(0);
  return c.res;
}

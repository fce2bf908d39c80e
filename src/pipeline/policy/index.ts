import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  AuthInvalidError,
  AuthRequiredError,
  ForbiddenError,
  PayloadTooLargeError,
  PolicyError,
} from "../../policies/errors.ts";
import { errorResponse } from "../errors/index.ts";

/** The action after the chain; it receives `c.req.raw`, which policies may have replaced (headers forwarded or removed, a counted body). */
export type PolicyAction = (request: Request) => Promise<Response> | Response;

/**
 * Hono's own middleware (basic-auth, bearer-auth, body-limit, ip-restriction) refuses with an
 * HTTPException: give those the project's codes. Any other status (a user's own middleware) keeps
 * the exception's own response.
 */
function fromHttpException(e: HTTPException, request: Request): PolicyError | undefined {
  const res = e.getResponse();
  const challengeHeader = res.headers.get("www-authenticate") ?? 'Basic realm="edge"';
  if (e.status === 401)
    return request.headers.has("authorization")
      ? new AuthInvalidError("credentials are not valid", challengeHeader)
      : new AuthRequiredError("credentials", challengeHeader);
  if (e.status === 413) return new PayloadTooLargeError();
  if (e.status === 400 && res.headers.has("www-authenticate"))
    return new AuthInvalidError("malformed Authorization header", challengeHeader);
  if (e.status === 403) return new ForbiddenError(e.message || "refused");
  return undefined;
}

/** A refusal (or any failure after it) as the edge's error JSON plus the headers its standard asks for. */
export function refusalResponse(err: unknown, request: Request, requestId: string): Response {
  const e = err instanceof HTTPException ? fromHttpException(err, request) : err;
  if (e === undefined) return (err as HTTPException).getResponse();
  const res = errorResponse(e, requestId);
  if (e instanceof PolicyError) for (const k in e.headers) res.headers.set(k, e.headers[k]!);
  return res;
}

/**
 * Stage 3, policy: the route's policy chain (src/policies: auth, rate limits, CORS…, or a user's
 * own Hono middleware given to edgeRouter) runs before the action, compose-style, with the
 * request's Hono Context. A policy refuses by returning a Response or throwing (an HTTPException
 * from Hono's own middleware, or a PolicyError); the refusal becomes the error JSON right there, so
 * the policies before it still see a response after `next()` (CORS and secure headers land on
 * refusals too). The worker calls this only for routes with a chain: a route without pays nothing.
 */
export async function runPolicies(
  chain: readonly MiddlewareHandler[],
  c: Context,
  requestId: string,
  action: PolicyAction,
): Promise<Response> {
  c.set("clientIp", c.req.raw.headers.get("cf-connecting-ip") ?? "");
  let index = -1;
  const dispatch = async (i: number): Promise<void> => {
    // A policy calling next() twice is a bug: it answers 500 INTERNAL (logged), never a second action.
    if (i <= index) throw new Error("next() called multiple times");
    index = i;
    try {
      if (i < chain.length) {
        const res = await chain[i]!(c, () => dispatch(i + 1));
        if (res instanceof Response && !c.finalized) c.res = res;
        return;
      }
      // Assigned as it is (no copy): a policy that edits response headers after next() makes the
      // response mutable itself (fetch's headers are immutable), so a chain that does not pays nothing.
      c.res = await action(c.req.raw);
    } catch (err) {
      c.res = refusalResponse(err, c.req.raw, requestId);
    }
  };
  await dispatch(0);
  return c.res;
}

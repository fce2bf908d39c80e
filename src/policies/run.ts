/**
 * Runs a compiled policy chain with a Hono Context, then the action. Like Hono's compose with an
 * onError: a refusal thrown at any step becomes the project's JSON error response right there, so
 * the policies before it still see a response after `next()` (CORS and secure headers land on
 * refusals too). The action receives `c.req.raw`, which policies may have replaced (headers
 * forwarded or removed, a body counted by body-limit).
 */
import { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorResponse } from "../worker/error-response.ts";
import { AuthInvalidError, AuthRequiredError, ForbiddenError, PayloadTooLargeError, PolicyError } from "./errors.ts";
import type { PolicyContext, PolicyEnv, PolicyMiddleware } from "./types.ts";

export type Action = (request: Request) => Promise<Response> | Response;

interface ExecutionContextLike {
  waitUntil(p: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** Hono's own middleware refuses with HTTPException; give those the project's codes. */
function fromHttpException(e: HTTPException, request: Request): PolicyError {
  const res = e.getResponse();
  const challengeHeader = res.headers.get("www-authenticate") ?? 'Basic realm="edge"';
  if (e.status === 401)
    return request.headers.has("authorization")
      ? new AuthInvalidError("credentials are not valid", challengeHeader)
      : new AuthRequiredError("credentials", challengeHeader);
  if (e.status === 413) return new PayloadTooLargeError();
  if (e.status === 400 && res.headers.has("www-authenticate"))
    return new AuthInvalidError("malformed Authorization header", challengeHeader);
  return new ForbiddenError(e.message || "refused");
}

export function refusalResponse(err: unknown, request: Request, requestId: string): Response {
  const e = err instanceof HTTPException ? fromHttpException(err, request) : err;
  const res = errorResponse(e, requestId);
  if (e instanceof PolicyError) for (const k in e.headers) res.headers.set(k, e.headers[k]!);
  return res;
}

export async function runPolicyChain(
  chain: readonly PolicyMiddleware[],
  request: Request,
  env: Record<string, unknown>,
  executionCtx: ExecutionContextLike,
  requestId: string,
  action: Action,
): Promise<Response> {
  const c: PolicyContext = new Context<PolicyEnv>(request, {
    env,
    executionCtx: executionCtx as ExecutionContext,
  });
  return runChainOn(c, chain, requestId, action);
}

/**
 * The same on a Hono Context the caller already has (a Hono app's `edgeRouter()` middleware):
 * sets the client address, runs the chain, then the action, and leaves the answer in `c.res`.
 */
export async function runChainOn(
  c: PolicyContext,
  chain: readonly PolicyMiddleware[],
  requestId: string,
  action: Action,
): Promise<Response> {
  c.set("clientIp", c.req.raw.headers.get("cf-connecting-ip") ?? "");
  const dispatch = async (i: number): Promise<void> => {
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

import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestRecord } from "../../observe/request-record.ts";
import { policyNameOf } from "../../policies/compile.ts";
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
  record?: RequestRecord,
): Promise<Response> {
  c.set("clientIp", c.req.raw.headers.get("cf-connecting-ip") ?? "");
  let index = -1;
  const dispatch = async (i: number): Promise<void> => {
    // A policy calling next() twice is a bug: it answers 500 INTERNAL (logged), never a second action.
    if (i <= index) throw new Error("next() called multiple times");
    index = i;
    try {
      if (i < chain.length) {
        const mw = chain[i]!;
        // The access log's `policies`: each that ran, "passed" (it called next) or what it answered.
        const step = record === undefined ? undefined : { name: policyNameOf(mw), outcome: "answered" };
        if (step !== undefined) record!.policies.push(step);
        const res = await mw(c, () => {
          if (step !== undefined) step.outcome = "passed";
          return dispatch(i + 1);
        });
        if (res instanceof Response && !c.finalized) c.res = res;
        if (step !== undefined && step.outcome === "answered") step.outcome = `answered ${c.res.status}`;
        return;
      }
      // Assigned as it is (no copy): a policy that edits response headers after next() makes the
      // response mutable itself (fetch's headers are immutable), so a chain that does not pays nothing.
      c.res = await action(c.req.raw);
    } catch (err) {
      c.res = refusalResponse(err, c.req.raw, requestId);
      if (record !== undefined) {
        const code = refusalCode(err, c.req.raw, c.res.status);
        record.error = code;
        // The refusing policy is the last one recorded that has not passed.
        const last = record.policies[record.policies.length - 1];
        if (last !== undefined && last.outcome !== "passed") last.outcome = code;
      }
    }
  };
  await dispatch(0);
  return c.res;
}

/** A refusal's stable code for the access log (its EdgeError code, else the answer's status). */
function refusalCode(err: unknown, request: Request, status: number): string {
  const e = err instanceof HTTPException ? fromHttpException(err, request) : err;
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : `HTTP_${status}`;
}

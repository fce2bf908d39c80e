import { NoHealthyOriginError, OriginTimeoutError, OriginUnreachableError } from "../../core/errors/index.ts";
import { type CompiledForward, forwardPlanFor, type PoolForwardAction } from "../../edge/forward-plan.ts";
import type { AttemptOutcome } from "../../edge/outlier.ts";
import { backoffMs, isIdempotent, isRetriable } from "../../edge/retry-policy.ts";
import type { HealthView } from "../../health/view.ts";
import { emitEvent } from "../../observe/events.ts";
import { notePoolDown, noteServedBy } from "../../observe/health-events.ts";
import type { RequestRecord } from "../../observe/request-record.ts";
import { edgeStats } from "../../observe/stats.ts";
import type { Origin, Pool } from "../../schema/pool.ts";
import { affinitySetCookie, decodeAffinityValue, encodeAffinityValue } from "./affinity-cookie.ts";
import { asIs, bodyForAttempt, declaredLength, type PreparedBody, prepareBody } from "./body-buffer.ts";
import { fetchOrigin, type UpstreamRequest } from "./fetch-origin.ts";
import type { RequestFacts } from "./request-facts.ts";
import { type Selection, type SelectState, selectOrigin } from "./select.ts";

export type AttemptFn = (origin: Origin, up: UpstreamRequest) => Promise<Response>;

export interface PoolForwardInput {
  pools: Readonly<Record<string, Pool>>;
  action: PoolForwardAction;
  /** The route's compiled plan (the worker passes its EdgeRoute's); absent: made from action and pools. */
  plan?: CompiledForward | undefined;
  /** Built once by the forward action; `timeoutMs` is the route's total budget for response headers. */
  up: UpstreamRequest;
  facts: RequestFacts;
  health: HealthView;
  /** HMAC key for affinity cookies (env AFFINITY_SECRET); without it cookies carry opaque ids. */
  secret?: string | undefined;
  /** One attempt; defaults to fetchOrigin. */
  attempt?: AttemptFn;
  now?: () => number;
  random?: () => number;
  /** The request's record (access log): pool, origin and attempts are filled per attempt. */
  record?: RequestRecord | undefined;
}

export interface PoolForwardResult {
  response: Response;
  pool: string;
  origin: string;
  attempts: number;
  /** Set-Cookie value to add to the client response (affinity set or moved), if any. */
  setCookie?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function outcomeOf(err: unknown): AttemptOutcome {
  if (err instanceof OriginTimeoutError) return "timeout";
  if (err instanceof OriginUnreachableError) return "connect-failure";
  throw err; // not an origin failure: a bug, let the edge answer 500
}

/**
 * Forwards one request through the route's pool chain: pick an origin (health, ejection, affinity,
 * policy), make one attempt, and retry on a retriable outcome with another origin, full-jitter
 * back-off and the route's retry budget, all within the route's total timeout. Only a response
 * whose headers were judged final is returned, so a response already streaming to the client is
 * never retried. The body is buffered (up to bufferBodyBytes) only when a retry is possible.
 */
export async function forwardToPools(input: PoolForwardInput): Promise<PoolForwardResult> {
  const now = input.now ?? Date.now;
  const random = input.random ?? Math.random;
  const attemptFn = input.attempt ?? fetchOrigin;
  const c = input.plan ?? forwardPlanFor(input.action, input.pools);
  const { up, facts } = input;
  const retry = c.retry;
  const mayRetry = retry.attempts > 1 && (!retry.idempotentOnly || isIdempotent(up.method));
  const body: PreparedBody = mayRetry
    ? await prepareBody(up.body, retry.bufferBodyBytes, declaredLength(up.headers))
    : asIs(up.body);
  const replayable = body.kind !== "stream";
  // The route timeout starts once the body is buffered: a slow upload is the client's time, and
  // must not turn into a 504 before any origin was contacted.
  const start = now();
  const deadline = start + up.timeoutMs;
  c.budget.deposit(start);

  const state: SelectState = {
    chain: c.chain,
    health: input.health,
    facts,
    affinity: c.cookieAffinity ? await affinityFromCookies(c, facts, input.secret, start) : NO_AFFINITY,
    tried: new Set(),
    lastResort: c.lastResort,
  };

  let sel = selectOrigin(state, start);
  if (sel === undefined) {
    notePoolDown(c, c.chainNames);
    throw new NoHealthyOriginError(c.chainNames);
  }
  for (let attempt = 1; ; attempt++) {
    const { rt, ep } = sel;
    state.tried.add(ep);
    input.record?.attempted(rt.name, ep.id, attempt);
    // The first attempt starts now; later ones after the back-off sleep, so read the clock again.
    const begun = attempt === 1 ? start : now();
    const remaining = deadline - begun;
    if (remaining <= 0) throw new OriginTimeoutError(ep.origin.name, up.timeoutMs);
    const perTry = Math.min(retry.perTryTimeoutMs ?? up.timeoutMs, remaining);

    let res: Response | undefined;
    let error: unknown;
    let outcome: AttemptOutcome;
    rt.outstanding[ep.index]!++;
    try {
      const attemptUp: UpstreamRequest = {
        method: up.method,
        path: up.path,
        search: up.search,
        headers: up.headers,
        body: bodyForAttempt(body),
        timeoutMs: perTry,
      };
      res = await attemptFn(ep.origin, attemptUp);
      outcome = res.status >= 500 && res.status <= 599 ? "http5xx" : "success";
    } catch (err) {
      outcome = outcomeOf(err);
      error = err;
    } finally {
      rt.outstanding[ep.index]!--;
    }
    const t = now();
    edgeStats.attempt(rt.name, ep.id, t - begun, outcome === "success");
    if (rt.outlier?.record(ep.index, outcome, t)) {
      emitEvent("warn", "origin_ejected", {
        pool: rt.name,
        origin: ep.id,
        until: new Date(rt.outlier.ejectedUntil(ep.index)).toISOString(),
      });
    }

    let next: Selection | undefined;
    const again =
      attempt < retry.attempts &&
      mayRetry &&
      replayable &&
      isRetriable(c.retryOn, outcome, res?.status ?? 0) &&
      t < deadline &&
      (next = selectOrigin(state, t)) !== undefined &&
      c.budget.tryWithdraw(t);
    if (!again || next === undefined) {
      if (res !== undefined) {
        noteServedBy(c, c.chainNames, rt.name);
        return finish(res, sel, attempt, state, input.secret, t);
      }
      // A per-try timeout that used up the route's time is the route's timeout.
      if (error instanceof OriginTimeoutError && perTry < up.timeoutMs && t >= deadline) {
        throw new OriginTimeoutError(ep.origin.name, up.timeoutMs);
      }
      throw error;
    }
    // Discard the rejected response's body so the connection is released.
    if (res?.body) res.body.cancel().catch(() => {});
    const wait = Math.min(
      backoffMs(attempt, retry.backoff.baseMs, retry.backoff.maxMs, random),
      Math.max(0, deadline - t - 1),
    );
    if (wait > 0) await sleep(wait);
    sel = next;
  }
}

/** Affinity ids from valid cookies, for each pool of the chain that uses cookie affinity. */
const NO_AFFINITY: ReadonlyMap<string, string> = new Map();

async function affinityFromCookies(
  c: CompiledForward,
  facts: RequestFacts,
  secret: string | undefined,
  now: number,
): Promise<ReadonlyMap<string, string>> {
  const out = new Map<string, string>();
  for (const rt of c.chain) {
    const a = rt.pool.affinity;
    if (a?.type !== "cookie") continue;
    const value = facts.cookie(a.name);
    if (value === undefined) continue;
    const decoded = await decodeAffinityValue(rt.name, value, now, secret);
    if (decoded !== null) out.set(rt.name, decoded.id);
  }
  return out;
}

async function finish(
  response: Response,
  sel: Selection,
  attempts: number,
  state: SelectState,
  secret: string | undefined,
  now: number,
): Promise<PoolForwardResult> {
  const result: PoolForwardResult = { response, pool: sel.rt.name, origin: sel.ep.id, attempts };
  const a = sel.rt.pool.affinity;
  if (a?.type === "cookie") {
    // Set when absent or pointing elsewhere (moved); renewed past half of its lifetime.
    const current = state.affinity.get(sel.rt.name);
    let renew = current !== sel.ep.affinityId;
    if (!renew) {
      const value = state.facts.cookie(a.name) ?? "";
      const expiry = Number(value.split(".")[1] ?? 0);
      renew = expiry * 1000 - now < (a.ttlSeconds * 1000) / 2;
    }
    if (renew)
      result.setCookie = affinitySetCookie(
        a,
        await encodeAffinityValue(sel.rt.name, sel.ep.affinityId, now, a.ttlSeconds, secret),
      );
  }
  return result;
}

import type { Context } from "hono";
import { log } from "../core/log.ts";
import { readJsonObject, requiredString } from "./json-body.ts";
import { jsonResponse } from "./respond.ts";
import {
  AdminBadRequestError,
  NoActiveVersionError,
  RolloutConflictError,
  VersionNotFoundError,
} from "./versions/errors.ts";
import { type AutoRollback, activeKey, ID_SHAPE, type RolloutPointer, type VersionEnv } from "./versions/keys.ts";
import { readActive, readVersion, setRollout } from "./versions/store.ts";

type C = Context<{ Bindings: VersionEnv }>;

function fractionOf(v: unknown): number {
  if (typeof v !== "number" || !(v > 0 && v < 1))
    throw new AdminBadRequestError("$.fraction", "must be a number between 0 and 1 (exclusive)");
  return v;
}

function autoRollbackOf(v: unknown): AutoRollback | undefined {
  if (v === undefined) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o !== "object" || o === null) throw new AdminBadRequestError("$.autoRollback", "must be an object");
  const errorRate = o.errorRate ?? 0.05;
  const minRequests = o.minRequests ?? 100;
  if (typeof errorRate !== "number" || !(errorRate >= 0 && errorRate <= 1))
    throw new AdminBadRequestError("$.autoRollback.errorRate", "must be a number from 0 to 1");
  if (typeof minRequests !== "number" || !Number.isInteger(minRequests) || minRequests < 1)
    throw new AdminBadRequestError("$.autoRollback.minRequests", "must be an integer of at least 1");
  return { errorRate, minRequests };
}

/**
 * POST /rollout `{ id, fraction, autoRollback? }`: serve stored version `id` to `fraction` of the
 * clients (stable hash, src/worker/rollout.ts) while the rest keep the active version. Promote with
 * POST /versions/:id/activate, abort with DELETE /rollout.
 */
export async function startRollout(c: C): Promise<Response> {
  const body = await readJsonObject(c.req.raw);
  const id = requiredString(body, "id");
  const fraction = fractionOf(body.fraction);
  const autoRollback = autoRollbackOf(body.autoRollback);
  const [active, candidate] = await Promise.all([readActive(c.env), ID_SHAPE.test(id) ? readVersion(c.env, id) : null]);
  if (candidate === null) throw new VersionNotFoundError(id);
  if (active === null) throw new NoActiveVersionError(activeKey(c.env));
  if (active.meta.id === id) throw new RolloutConflictError(`version ${id} is already active`);
  const rollout: RolloutPointer = {
    id,
    fraction,
    startedAt: new Date().toISOString(),
    ...(autoRollback ? { autoRollback } : {}),
  };
  await setRollout(c.env, active, rollout);
  log.info("rollout_started", { active: active.meta.id ?? null, ...rollout });
  return jsonResponse({ active: active.meta.id ?? null, candidate: rollout });
}

/** DELETE /rollout: everyone back on the active version. */
export async function abortRollout(c: C): Promise<Response> {
  const active = await readActive(c.env);
  const current = active?.meta.rollout;
  if (active === null || current === undefined) throw new RolloutConflictError("no rollout is in progress");
  await setRollout(c.env, active, null);
  log.info("rollout_aborted", { active: active.meta.id ?? null, candidate: current.id });
  return jsonResponse({ active: active.meta.id ?? null, candidate: null, aborted: current.id });
}

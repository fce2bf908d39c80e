import type { Context } from "hono";
import { ConfigVersionUnchangedError } from "../core/errors/index.ts";
import { log } from "../core/log.ts";
import { etagOf } from "./etag.ts";
import { jsonResponse } from "./respond.ts";
import { storedVersion } from "./store.ts";
import { VersionNotFoundError } from "./versions/errors.ts";
import { ID_SHAPE, type VersionEnv } from "./versions/keys.ts";
import { activate, readActive, readIndex, readVersion } from "./versions/store.ts";

type C = Context<{ Bindings: VersionEnv }>;

/** Per-isolate rollout counters, supplied by the worker (src/worker/rollout.ts). */
export type RolloutCounters = () => { candidate: { requests: number; errors: number } } | undefined;

/** GET /versions: the active id, the rollout candidate and the kept versions, newest first. */
export async function listVersions<E extends VersionEnv>(
  c: Context<{ Bindings: E }>,
  counters?: RolloutCounters,
): Promise<Response> {
  const [active, index] = await Promise.all([readActive(c.env), readIndex(c.env)]);
  const activeId = active?.meta.id ?? null;
  const r = active?.meta.rollout;
  const candidate =
    r === undefined
      ? null
      : {
          id: r.id,
          fraction: r.fraction,
          startedAt: r.startedAt,
          autoRollback: r.autoRollback ?? null,
          isolate: counters?.()?.candidate ?? null,
        };
  return jsonResponse({
    active: activeId,
    candidate,
    versions: index.versions.map((v) => ({ ...v, active: v.id === activeId })),
  });
}

/** GET /versions/:id: metadata and the document as stored. */
export async function getVersion(c: C): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const v = ID_SHAPE.test(id) ? await readVersion(c.env, id) : null;
  if (v === null) throw new VersionNotFoundError(id);
  const activeId = (await readActive(c.env))?.meta.id;
  const document = JSON.parse(new TextDecoder().decode(v.bytes));
  return jsonResponse({ meta: { ...v.meta, active: v.meta.id === activeId }, document });
}

/** POST /versions/:id/activate: rollback or roll forward; ends any rollout. */
export async function activateVersion(c: C): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const [target, active] = await Promise.all([ID_SHAPE.test(id) ? readVersion(c.env, id) : null, readActive(c.env)]);
  if (target === null) throw new VersionNotFoundError(id);
  // The worker keeps a loaded table whose `version` equals the new document's: such a switch would never apply.
  const current = active === null ? undefined : storedVersion(active.bytes);
  if (current === target.meta.version && (await etagOf(active!.bytes)) !== target.meta.hash)
    throw new ConfigVersionUnchangedError(current);
  const meta = await activate(c.env, id);
  if (meta === null) throw new VersionNotFoundError(id);
  log.info("version_activated", { id, version: meta.version });
  return jsonResponse({ active: id, version: meta.version });
}

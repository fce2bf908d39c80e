import { etagOf } from "../etag.ts";
import { storedVersion } from "../store.ts";
import {
  type ActiveMeta,
  activeKey,
  idOf,
  indexKey,
  keepOf,
  type RolloutPointer,
  type VersionEnv,
  type VersionIndex,
  type VersionMeta,
  versionKey,
} from "./keys.ts";

export interface ActiveState {
  bytes: ArrayBuffer;
  meta: ActiveMeta;
}

export async function readActive(env: VersionEnv): Promise<ActiveState | null> {
  const r = await env.ROUTES.getWithMetadata<ActiveMeta>(activeKey(env), "arrayBuffer");
  return r.value === null ? null : { bytes: r.value, meta: r.metadata ?? {} };
}

export async function readIndex(env: VersionEnv): Promise<VersionIndex> {
  const text = await env.ROUTES.get(indexKey(env));
  if (text === null) return { seq: 0, versions: [] };
  try {
    const v = JSON.parse(text) as VersionIndex;
    if (Number.isInteger(v.seq) && Array.isArray(v.versions)) return v;
  } catch {}
  return { seq: 0, versions: [] }; // a damaged index is rebuilt from here on (the documents stay in KV)
}

export async function readVersion(
  env: VersionEnv,
  id: string,
): Promise<{ bytes: ArrayBuffer; meta: VersionMeta } | null> {
  const r = await env.ROUTES.getWithMetadata<VersionMeta>(versionKey(env, id), "arrayBuffer");
  return r.value === null || r.metadata === null ? null : { bytes: r.value, meta: r.metadata };
}

/**
 * Records an accepted document and makes it active. Write order keeps every intermediate state
 * valid for the worker: (1) the immutable version key, (2) the active key with its id in the same
 * put (the pointer moves atomically with the bytes), (3) the index, (4) pruning. A crash after (1)
 * leaves an orphan; after (2) the index lacks that entry (ids still never repeat: see `seq`).
 * KV has no compare-and-swap: two writers at the same instant may race (documented).
 */
export async function recordAndActivate(
  env: VersionEnv,
  bytes: Uint8Array | ArrayBuffer,
  version: string,
  who: { author: string; comment: string },
): Promise<VersionMeta> {
  const index = await readIndex(env);
  const active = await readActive(env);
  // The active id counts too: if a crash lost an index write, ids still never repeat.
  const activeId = active?.meta.id;
  let seq = Math.max(index.seq, activeId === undefined ? 0 : Number(activeId.slice(1)) || 0);
  const versions = index.versions;
  // A valid document written around the API (wrangler, npm start) is kept as a version first, so it can be rolled back to.
  const adopted = active !== null && activeId === undefined ? storedVersion(active.bytes) : undefined;
  if (adopted !== undefined) {
    const meta = await metaOf(++seq, active!.bytes, adopted, {
      author: "",
      comment: "adopted: written outside the admin API",
    });
    await env.ROUTES.put(versionKey(env, meta.id), active!.bytes, { metadata: meta });
    versions.unshift(meta);
  }
  const meta = await metaOf(++seq, bytes, version, who);
  await env.ROUTES.put(versionKey(env, meta.id), bytes, { metadata: meta });
  await env.ROUTES.put(activeKey(env), bytes, { metadata: { id: meta.id } satisfies ActiveMeta });
  await writeIndexAndPrune(env, { seq, versions: [meta, ...versions] }, [meta.id]);
  return meta;
}

async function metaOf(
  seq: number,
  bytes: Uint8Array | ArrayBuffer,
  version: string,
  who: { author: string; comment: string },
): Promise<VersionMeta> {
  return {
    id: idOf(seq),
    version,
    hash: await etagOf(bytes),
    author: who.author.slice(0, 100),
    comment: who.comment.slice(0, 300),
    createdAt: new Date().toISOString(),
  };
}

/** Points the active key at a stored version (rollback or forward); any rollout ends. */
export async function activate(env: VersionEnv, id: string): Promise<VersionMeta | null> {
  const v = await readVersion(env, id);
  if (v === null) return null;
  await env.ROUTES.put(activeKey(env), v.bytes, { metadata: { id } satisfies ActiveMeta });
  return v.meta;
}

/** Rewrites the active key with the same bytes and a new rollout pointer (null: none). */
export async function setRollout(env: VersionEnv, active: ActiveState, rollout: RolloutPointer | null): Promise<void> {
  const meta: ActiveMeta = { ...(active.meta.id !== undefined ? { id: active.meta.id } : {}) };
  if (rollout !== null) meta.rollout = rollout;
  await env.ROUTES.put(activeKey(env), active.bytes, { metadata: meta });
}

async function writeIndexAndPrune(env: VersionEnv, index: VersionIndex, protect: string[]): Promise<void> {
  const keep = keepOf(env);
  const active = (await readActive(env))?.meta;
  const keepIds = new Set([...protect, active?.id, active?.rollout?.id].filter((x) => x !== undefined));
  const kept: VersionMeta[] = [];
  const dropped: VersionMeta[] = [];
  for (const v of index.versions) (kept.length < keep || keepIds.has(v.id) ? kept : dropped).push(v);
  await env.ROUTES.put(indexKey(env), JSON.stringify({ seq: index.seq, versions: kept }));
  for (const v of dropped) await env.ROUTES.delete(versionKey(env, v.id));
}

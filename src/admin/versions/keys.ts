/**
 * KV layout of the versioned route document (docs/admin-and-cli.md, "KV layout"):
 *
 *   <ROUTES_KEY>            the ACTIVE document's bytes; KV metadata `ActiveMeta` = { id, rollout? }.
 *                           The worker reads only this key per refresh (value and metadata in one read),
 *                           and one put moves the document and its id together (the atomic pointer).
 *   <ROUTES_KEY>@v/<id>     every accepted document, immutable; KV metadata `VersionMeta`.
 *   <ROUTES_KEY>@index      `{ seq, versions: VersionMeta[] }` newest first, for listing and pruning.
 */
import { routesKeyOf } from "../../core/env.ts";

export interface VersionEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  /** How many versions to keep (default 20); the active one and a rollout candidate are never pruned. */
  VERSIONS_KEEP?: string;
}

export interface VersionMeta {
  id: string;
  /** The document's own `version` field. */
  version: string;
  /** The ETag of the exact bytes: `"sha256-<hex>"`. */
  hash: string;
  author: string;
  comment: string;
  createdAt: string;
}

export interface AutoRollback {
  /** 5xx answers / requests served with the candidate, per isolate, above which it is rolled back. */
  errorRate: number;
  /** Requests the candidate must have served in an isolate before the rate is judged. */
  minRequests: number;
}

export interface RolloutPointer {
  id: string;
  fraction: number;
  startedAt: string;
  autoRollback?: AutoRollback;
}

/** KV metadata of the active key (at most 1024 bytes of JSON, well within). */
export interface ActiveMeta {
  id?: string;
  rollout?: RolloutPointer;
}

export interface VersionIndex {
  seq: number;
  versions: VersionMeta[];
}

export const DEFAULT_KEEP = 20;

export const activeKey = (env: { ROUTES_KEY?: string }): string => routesKeyOf(env);
export const versionKey = (env: { ROUTES_KEY?: string }, id: string): string => `${routesKeyOf(env)}@v/${id}`;
export const indexKey = (env: { ROUTES_KEY?: string }): string => `${routesKeyOf(env)}@index`;

export function keepOf(env: VersionEnv): number {
  const n = Number(env.VERSIONS_KEEP);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_KEEP;
}

/** `v000042`: sorts as text in creation order. */
export const idOf = (seq: number): string => `v${String(seq).padStart(6, "0")}`;

export const ID_SHAPE = /^v\d{6,}$/;

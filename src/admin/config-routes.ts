import type { Context } from "hono";
import {
  ConfigNotFoundError,
  ConfigPreconditionFailedError,
  ConfigVersionUnchangedError,
} from "../core/errors/index.ts";
import { log } from "../core/log.ts";
import { decodeDocument, readBodyCapped } from "./body.ts";
import { etagOf, matchHits, noneMatchHits } from "./etag.ts";
import { jsonResponse } from "./respond.ts";
import { keyOf, readStored, type StoreEnv, storedVersion, validateDocument } from "./store.ts";
import type { VersionEnv } from "./versions/keys.ts";
import { changeMetaOf } from "./versions/request-meta.ts";
import { recordAndActivate } from "./versions/store.ts";

type C = Context<{ Bindings: StoreEnv & VersionEnv }>;

/** GET (and HEAD) /config: the stored bytes with their strong ETag. The relay polls this. */
export async function getConfig(c: C): Promise<Response> {
  const stored = await readStored(c.env);
  if (stored === null) throw new ConfigNotFoundError(keyOf(c.env));
  // If-None-Match → 304 is hono/etag's job (src/admin/app.ts): this answer carries the strong ETag it compares.
  return new Response(stored.bytes, {
    headers: { etag: stored.etag, "cache-control": "no-store", "content-type": "application/json; charset=utf-8" },
  });
}

/** POST /validate: the same checks as PUT, nothing written. */
export async function validateConfig(c: C): Promise<Response> {
  const bytes = await readBodyCapped(c.req.raw);
  const config = validateDocument(decodeDocument(bytes));
  return jsonResponse({ valid: true, version: config.version, etag: await etagOf(bytes) });
}

/**
 * PUT /config: validate, check preconditions, write. If-Match / If-None-Match are checked against
 * the stored document's ETag. KV has no compare-and-swap, so two writers racing inside the same
 * instant can both pass; If-Match guards against the common case (editing a stale copy).
 */
export async function putConfig(c: C): Promise<Response> {
  const bytes = await readBodyCapped(c.req.raw);
  const config = validateDocument(decodeDocument(bytes));
  const etag = await etagOf(bytes);
  const stored = await readStored(c.env);
  const current = stored?.etag ?? null;
  const ifMatch = c.req.header("if-match");
  if (ifMatch !== undefined && !matchHits(ifMatch, current)) {
    throw new ConfigPreconditionFailedError(
      current === null ? "If-Match: no document is stored" : `If-Match: the stored document's ETag is ${current}`,
    );
  }
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch !== undefined && noneMatchHits(ifNoneMatch, current)) {
    throw new ConfigPreconditionFailedError(`If-None-Match: the stored document matches (ETag ${current})`);
  }
  const headers = { etag };
  if (current === etag) return jsonResponse({ version: config.version, etag, changed: false }, 200, headers);
  if (stored !== null && storedVersion(stored.bytes) === config.version)
    throw new ConfigVersionUnchangedError(config.version);
  // Stored as a new version and made active in one put of the active key (src/admin/versions/store.ts).
  const recorded = await recordAndActivate(c.env, bytes, config.version, changeMetaOf(c.req));
  log.info("admin_config_put", {
    key: keyOf(c.env),
    version: config.version,
    id: recorded.id,
    author: recorded.author,
    etag,
    previous: current,
  });
  return jsonResponse({ version: config.version, etag, changed: true, id: recorded.id }, 200, headers);
}

import type { Context } from "hono";
import { diffDocuments } from "../diff/diff.ts";
import { explainRequest } from "../explain/explain.ts";
import type { EdgeConfig } from "../schema/index.ts";
import { optionalString, readJsonObject, requiredString } from "./json-body.ts";
import { jsonResponse } from "./respond.ts";
import { validateDocument } from "./store.ts";
import { AdminBadRequestError, NoActiveVersionError, VersionNotFoundError } from "./versions/errors.ts";
import { activeKey, ID_SHAPE, type VersionEnv } from "./versions/keys.ts";
import { readActive, readVersion } from "./versions/store.ts";

type C = Context<{ Bindings: VersionEnv }>;

const decode = (b: ArrayBuffer) => new TextDecoder().decode(b);

/**
 * POST /explain `{ method, url, headers?, ip?, country? }`: which route the table this isolate
 * serves (else the stored active document) gives the request, and why.
 */
export async function explainEndpoint<E extends VersionEnv>(
  c: Context<{ Bindings: E }>,
  loaded: EdgeConfig | undefined,
): Promise<Response> {
  const body = await readJsonObject(c.req.raw);
  const url = requiredString(body, "url");
  if (!URL.canParse(url)) throw new AdminBadRequestError("$.url", "must be an absolute URL (https://host/path)");
  const headers = body.headers ?? {};
  if (
    typeof headers !== "object" ||
    headers === null ||
    Array.isArray(headers) ||
    Object.values(headers).some((v) => typeof v !== "string")
  )
    throw new AdminBadRequestError("$.headers", "must be an object of header name to string value");
  let config = loaded;
  if (config === undefined) {
    const active = await readActive(c.env);
    if (active === null) throw new NoActiveVersionError(activeKey(c.env));
    config = validateDocument(decode(active.bytes));
  }
  const ip = optionalString(body, "ip");
  const country = optionalString(body, "country");
  return jsonResponse(
    explainRequest(config, {
      method: optionalString(body, "method") ?? "GET",
      url,
      headers: headers as Record<string, string>,
      ...(ip !== undefined ? { ip } : {}),
      ...(country !== undefined ? { country } : {}),
    }),
  );
}

/** A stored version id or an inline document (validated: a diff against garbage would mislead). */
async function documentOf(env: VersionEnv, v: unknown, path: string): Promise<unknown> {
  if (typeof v === "string") {
    const stored = ID_SHAPE.test(v) ? await readVersion(env, v) : null;
    if (stored === null) throw new VersionNotFoundError(v);
    return JSON.parse(decode(stored.bytes));
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new AdminBadRequestError(path, "must be a version id or a document object");
  validateDocument(JSON.stringify(v));
  return v;
}

/** POST /diff `{ from, to }` (ids or documents) → `{ changes: [{ kind, path, summary }] }`. */
export async function diffEndpoint(c: C): Promise<Response> {
  const body = await readJsonObject(c.req.raw);
  const [from, to] = await Promise.all([documentOf(c.env, body.from, "$.from"), documentOf(c.env, body.to, "$.to")]);
  return jsonResponse({ changes: diffDocuments(from, to) });
}

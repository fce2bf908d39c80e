import { routesKeyOf } from "../core/env.ts";
import { ConfigInvalidError } from "../core/errors/index.ts";
import { loadDocument } from "../edge/load.ts";
import { type EdgeConfig, parseDocument } from "../schema/index.ts";
import { etagOf } from "./etag.ts";

export interface StoreEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
}

export interface StoredDocument {
  bytes: ArrayBuffer;
  etag: string;
}

export const keyOf: (env: StoreEnv) => string = routesKeyOf;

/** The document exactly as stored (bytes) with its entity tag, or null when the key is empty. */
export async function readStored(env: StoreEnv): Promise<StoredDocument | null> {
  const bytes = await env.ROUTES.get(keyOf(env), "arrayBuffer");
  return bytes === null ? null : { bytes, etag: await etagOf(bytes) };
}

/**
 * Everything the worker will do with the document before serving it — the one parse + compile
 * path (loadDocument: JSON, schema, cross-references, compileEdge). A document that passes here
 * is one the worker will load.
 */
export function validateDocument(text: string): EdgeConfig {
  const loaded = loadDocument(text);
  if (!loaded.ok) throw new ConfigInvalidError(loaded.issues);
  return loaded.config;
}

/** The `version` of a stored document, or undefined when it is not a valid document. */
export function storedVersion(bytes: ArrayBuffer): string | undefined {
  const parsed = parseDocument(new TextDecoder().decode(bytes));
  return parsed.ok ? parsed.config.version : undefined;
}

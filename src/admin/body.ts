import { ConfigInvalidError, ConfigTooLargeError } from "../core/errors/index.ts";
import { decodeDocumentBytes } from "../schema/index.ts";

/** Workers KV's value size limit: a larger document could not be stored anyway. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/**
 * Reads a request body as bytes, refusing more than `limit` bytes: at once when Content-Length
 * says so, otherwise as soon as the stream passes the limit (a chunked upload is never buffered
 * beyond it).
 */
export async function readBodyCapped(request: Request, limit = MAX_DOCUMENT_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) throw new ConfigTooLargeError(limit);
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ConfigTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) out.set(c, at), (at += c.byteLength);
  return out;
}

/** The document text; bytes that are not UTF-8 are a config error at `$` (the schema's one decode rule). */
export function decodeDocument(bytes: Uint8Array): string {
  const decoded = decodeDocumentBytes(bytes);
  if (!decoded.ok) throw new ConfigInvalidError(decoded.issues);
  return decoded.text;
}

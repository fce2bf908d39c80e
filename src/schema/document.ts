import type { ConfigIssue } from "./issues.ts";

/**
 * The entry every reader of the edge document goes through: worker, admin API, CLI and relay read
 * bytes or text, decode here and parse with `parseDocument` (src/schema/index.ts). One decode
 * rule for all of them, so none accepts what another refuses.
 */

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type DecodeResult = { ok: true; text: string } | { ok: false; issues: ConfigIssue[] };

/** Document bytes to text; bytes that are not UTF-8 are an issue at `$` (JSON is UTF-8, RFC 8259). */
export function decodeDocument(bytes: Uint8Array | ArrayBuffer): DecodeResult {
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, issues: [{ path: "$", message: "the body is not valid UTF-8" }] };
  }
}

import type { ConfigIssue } from "./issues.ts";

/**
 * The entry every reader of the edge document goes through: worker, admin API, CLI, relay and the
 * health cron read bytes or text, decode here (decodeDocumentBytes for bytes, then decodeDocument
 * for the JSON) and parse with `parseDocument` (src/schema/index.ts). One decode rule for all of
 * them, so none accepts what another refuses, and what is stored is what is served.
 */

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type DecodeBytesResult = { ok: true; text: string } | { ok: false; issues: ConfigIssue[] };

/** Document bytes to text; bytes that are not UTF-8 are an issue at `$` (JSON is UTF-8, RFC 8259). */
export function decodeDocumentBytes(bytes: Uint8Array | ArrayBuffer): DecodeBytesResult {
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, issues: [{ path: "$", message: "the body is not valid UTF-8" }] };
  }
}

export type DecodeResult = { ok: true; value: unknown } | { ok: false; issues: ConfigIssue[] };

const BOM = 0xfeff;

/**
 * The one decoder of the edge document, used by every entry point (worker table load, admin
 * validate/PUT, CLI validate and routes:put, relay config source, health cron) so that what one
 * accepts all accept, and what is stored is what is served.
 *
 * - A leading UTF-8 byte-order mark (U+FEFF once decoded) is ignored: editors on Windows write one,
 *   and RFC 8259 section 8.1 lets a parser ignore it. Everywhere, not only where bytes are decoded.
 * - A JSON syntax error names where it is: `line 12, column 5: Expected ',' or '}' ...`.
 */
export function decodeDocument(text: string): DecodeResult {
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, issues: [{ path: "$", message: `invalid JSON: ${syntaxMessage(body, e)}` }] };
  }
}

/** V8 says `... in JSON at position 123 (line 5 column 3)` or just `at position 123`; lead with line and column. */
function syntaxMessage(text: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const at = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/.exec(raw);
  let pos: number | undefined = at ? Number(at[1]) : undefined;
  let what = at ? raw.slice(0, at.index) + raw.slice(at.index + at[0].length) : raw;
  if (pos === undefined && /Unexpected end of JSON input/i.test(raw)) pos = text.length;
  if (pos === undefined) return what;
  what = what.trim() || "syntax error";
  const { line, column } = lineColumn(text, pos);
  return `line ${line}, column ${column}: ${what}`;
}

/** 1-based line and column (in UTF-16 units, as editors count) of a string offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

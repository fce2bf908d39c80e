/**
 * Entity tags of the stored document and the RFC 9110 conditional headers on them.
 * The tag is the SHA-256 of the exact stored bytes, so it is strong and the same in every isolate
 * and location (a version string alone would miss an edit that forgot to bump it).
 */

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export async function etagOf(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const b of digest) hex += HEX[b]!;
  return `"sha256-${hex}"`;
}

/** The members of an If-Match / If-None-Match list (`*` stays `*`). */
function members(header: string): string[] {
  return header
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`. `*` matches any current document. */
export function noneMatchHits(header: string, current: string | null): boolean {
  if (current === null) return false;
  return members(header).some((m) => m === "*" || (m.startsWith("W/") ? m.slice(2) : m) === current);
}

/** If-Match uses the strong comparison: weak tags never match. `*` matches any current document. */
export function matchHits(header: string, current: string | null): boolean {
  if (current === null) return false;
  return members(header).some((m) => m === "*" || m === current);
}

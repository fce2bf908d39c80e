/** Checks jose leaves to the caller (scopes) and what is sent upstream (claims as headers). */
import type { JWTPayload } from "jose";

/** Scopes from `scope` (space-separated, RFC 8693) or `scp` (array or string). */
export function scopesOf(payload: JWTPayload): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string") {
      for (const s of v.split(" ")) if (s) out.add(s);
    } else if (Array.isArray(v)) {
      for (const s of v) if (typeof s === "string") out.add(s);
    }
  };
  add(payload.scope);
  add(payload.scp);
  return out;
}

export function missingScopes(payload: JWTPayload, required: readonly string[]): string[] {
  const have = scopesOf(payload);
  return required.filter((s) => !have.has(s));
}

/** A claim as a header value: strings as they are, anything else as JSON; CR/LF never pass. */
export function claimHeaderValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return /[\r\n\0]/.test(s) ? undefined : s;
}

/** The counted key of a rate limit, compiled once from its parts (`ip`, `apiKey`, `jwtSubject`, `header:<name>`). */
import type { PolicyContext } from "../types.ts";

type Part = (c: PolicyContext) => string;

function partOf(spec: string): Part {
  if (spec === "ip") return (c) => c.get("clientIp");
  if (spec === "apiKey") return (c) => c.get("apiKeyName") ?? "";
  if (spec === "jwtSubject") return (c) => c.get("jwtSubject") ?? "";
  const name = spec.slice("header:".length).toLowerCase();
  return (c) => c.req.raw.headers.get(name) ?? "";
}

export function keyFunction(policy: string, parts: readonly string[]): (c: PolicyContext) => string {
  const fns = parts.map(partOf);
  // A unit separator cannot appear in header values, so distinct tuples give distinct keys.
  if (fns.length === 1) return (c) => `${policy}\u001f${fns[0]!(c)}`;
  return (c) => `${policy}\u001f${fns.map((f) => f(c)).join("\u001f")}`;
}

/** FNV-1a: spreads keys over the policy's Durable Object shards. */
export function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

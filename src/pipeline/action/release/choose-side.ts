import { type CompiledSplit, cohortPoint, overrideSide, type SplitSide, sideAt } from "../../../edge/release/index.ts";
import type { StickyOn } from "../../../schema/l7-release.ts";
import type { RequestFacts } from "../../upstream/request-facts.ts";

/**
 * The split side for one request: an override header or cookie first, then the cohort point of
 * the sticky key (a fixed hash, so the same client lands on the same side in every isolate), and
 * a random point when the request carries no key.
 */
export function chooseSide(split: CompiledSplit, facts: RequestFacts, now: number, random: () => number): SplitSide {
  const o = split.override;
  if (o !== undefined) {
    const forced =
      (o.header !== undefined ? overrideSide(split, facts.headers.get(o.header) ?? undefined) : undefined) ??
      (o.cookie !== undefined ? overrideSide(split, facts.cookie(o.cookie)) : undefined);
    if (forced !== undefined) return forced;
  }
  const key = cohortKey(split.stickyOn, facts);
  return sideAt(split, key === undefined ? random() : cohortPoint(key), now);
}

function cohortKey(on: StickyOn, facts: RequestFacts): string | undefined {
  if (on === "client_ip") return facts.clientIp || undefined;
  if ("header" in on) return facts.headers.get(on.header) || undefined;
  if ("cookie" in on) return facts.cookie(on.cookie) || undefined;
  return jwtSubject(facts.headers.get(on.jwtSubject));
}

/**
 * `sub` of a `Bearer <JWT>` value, unverified: it only places the client in a cohort (a forged
 * token can pick a side, which the override header allows anyway; it grants nothing).
 */
export function jwtSubject(value: string | null): string | undefined {
  if (value === null) return undefined;
  const token = value.startsWith("Bearer ") ? value.slice(7).trim() : value.trim();
  const payload = token.split(".")[1];
  if (payload === undefined || payload.length > 8192) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" && sub !== "" ? sub : undefined;
  } catch {
    return undefined;
  }
}

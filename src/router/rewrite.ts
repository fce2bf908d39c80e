/**
 * The path sent upstream (forward) or put in Location (redirect), computed once per matched request.
 * Rewrites operate on the MATCHED path (the request path minus an API-version segment, if the route
 * reads one). When that segment is kept (`strip: false`), it is put back at its index afterwards.
 */

import { BadPathError } from "../core/errors/index.ts";
import type { Route } from "../schema/l7.ts";
import { compileSafeRewriteRegex, MAX_REGEX_INPUT } from "../schema/syntax/safe-regex.ts";
import { segmentAt } from "./version.ts";

/** matched: path as matched; original: request path; keepVersionAt: segment index to restore, or -1. */
export type ForwardPathFn = (matched: string, original: string, keepVersionAt: number) => string;

/** Replaces a matched prefix. For segment prefixes, `/api` -> `/` on `/api/x` gives `/x`, not `//x`. */
export function replacePrefix(path: string, prefix: string, replacement: string, segmentAware: boolean): string {
  let rest = path.slice(prefix.length);
  if (segmentAware && replacement.endsWith("/") && rest.startsWith("/")) rest = rest.slice(1);
  const out = replacement + rest;
  return out.startsWith("/") ? out : `/${out}`;
}

function restoreSegment(rewritten: string, original: string, index: number): string {
  const at = segmentAt(original, index);
  if (!at) return rewritten;
  const seg = original.slice(at.start, at.end);
  const dest = segmentAt(rewritten, index);
  if (!dest) return (rewritten.endsWith("/") ? rewritten : `${rewritten}/`) + seg;
  return `${rewritten.slice(0, dest.start) + seg}/${rewritten.slice(dest.start)}`;
}

function pathRewriter(route: Route): ((matched: string) => string) | null {
  const a = route.action;
  const p = route.match.path;
  const prefix = p?.prefix ?? p?.segmentPrefix;
  const segmentAware = p?.segmentPrefix !== undefined;
  const prefixTo = a.type === "forward" ? a.rewrite?.prefix : a.type === "redirect" ? a.prefixRewrite : undefined;
  if (prefixTo !== undefined && prefix !== undefined) {
    // segmentPrefix "/" matched everything: treat its prefix as empty so `/x` -> `<to>/x`.
    const from = segmentAware && prefix === "/" ? "" : prefix;
    return (m) => replacePrefix(m, from, prefixTo, segmentAware);
  }
  if (a.type === "forward" && a.rewrite?.regex) {
    const re = compileSafeRewriteRegex(a.rewrite.regex.pattern);
    const sub = a.rewrite.regex.substitution;
    return (m) => {
      // Same input bound as regex conditions; a path left unrewritten could reach the wrong place.
      if (m.length > MAX_REGEX_INPUT)
        throw new BadPathError(`path is longer than ${MAX_REGEX_INPUT} characters, the limit for a regex rewrite`);
      const out = re.replaceAll(m, sub);
      return out.startsWith("/") ? out : `/${out}`;
    };
  }
  if (a.type === "redirect" && a.path !== undefined) {
    const fixed = a.path;
    return () => fixed;
  }
  return null;
}

/** No rewrite: the matched path, or the request path when its version segment is kept. */
const AS_MATCHED: ForwardPathFn = (matched, original, keep) => (keep >= 0 ? original : matched);

export function compileForwardPath(route: Route): ForwardPathFn {
  const rewrite = pathRewriter(route);
  if (!rewrite) return AS_MATCHED;
  return (matched, original, keep) => {
    const out = rewrite(matched);
    return keep >= 0 ? restoreSegment(out, original, keep) : out;
  };
}

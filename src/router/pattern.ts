/**
 * Route paths as token lists for the trie (see trie.ts): one token per path segment, then a tail
 * `end` (the path stops here) or `rest` (any remainder, including none).
 */
import type { PathMatch } from "../schema/l7.ts";
import type { TemplateSegment } from "../schema/syntax/template.ts";

/** A literal segment is its text (the common case, no object); other tokens are small objects. */
export type Token =
  | string
  | { t: "one" } // one non-empty segment
  | { t: "any" } // one segment, possibly empty (padding before a version segment)
  | { t: "starts"; text: string } // a segment starting with text (string-prefix routes)
  | { t: "version"; prefix: string };

const ONE: Token = { t: "one" };
const ANY: Token = { t: "any" };

export interface PathPattern {
  tokens: Token[];
  tail: "end" | "rest";
}

/** Segments of an absolute path literal: "/" -> [""], "/a/b" -> ["a","b"]. */
const segmentsOf = (path: string) => path.slice(1).split("/");

/**
 * Tokens for an indexable path match (not regex, not inverted), literal text folded to lower
 * case when the match is case-insensitive. Absent path: everything. `template` is the parsed
 * template when the match is one.
 */
export function patternOf(p: PathMatch | undefined, template: readonly TemplateSegment[] | null): PathPattern {
  if (!p) return { tokens: [], tail: "rest" };
  const fold = (s: string) => (p.caseSensitive ? s : s.toLowerCase());
  if (p.exact !== undefined) return { tokens: segmentsOf(fold(p.exact)), tail: "end" };
  if (p.segmentPrefix !== undefined) {
    const sp = fold(p.segmentPrefix);
    return { tokens: sp === "/" ? [] : segmentsOf(sp), tail: "rest" };
  }
  if (p.prefix !== undefined) {
    const tokens: Token[] = segmentsOf(fold(p.prefix));
    tokens[tokens.length - 1] = { t: "starts", text: tokens[tokens.length - 1] as string };
    return { tokens, tail: "rest" };
  }
  const tokens: Token[] = [];
  let tail: "end" | "rest" = "end";
  for (const seg of template!) {
    if (seg.kind === "literal") tokens.push(fold(seg.text));
    else if (seg.kind === "one") tokens.push(ONE);
    else tail = "rest";
  }
  return { tokens, tail };
}

/**
 * The same pattern for requests that carry the version segment at `index`: the version token is
 * inserted there (padding with "any" segments when a `rest` tail starts earlier). Null when no
 * request could match (a fixed-length path shorter than the index).
 */
export function withVersionSegment(p: PathPattern, index: number, prefix: string): PathPattern | null {
  const v: Token = { t: "version", prefix };
  if (index <= p.tokens.length)
    return { tokens: [...p.tokens.slice(0, index), v, ...p.tokens.slice(index)], tail: p.tail };
  if (p.tail === "end") return null;
  const pad: Token[] = Array.from({ length: index - p.tokens.length }, () => ANY);
  return { tokens: [...p.tokens, ...pad, v], tail: "rest" };
}

/**
 * The first token of a template's pattern when more segments follow it: the literal segment
 * (`/repos/{owner}` -> `repos`) or ONE (`/{tenant}/x`); read without parsing the template.
 * Null otherwise (one segment, or `**` first): such routes are indexed at once.
 */
export function leadingToken(template: string, caseSensitive: boolean): Token | null {
  const slash = template.indexOf("/", 1);
  if (slash === -1) return null;
  const seg = template.slice(1, slash);
  if (seg.indexOf("{") === -1 && seg.indexOf("}") === -1 && seg.indexOf("*") === -1)
    return caseSensitive ? seg : seg.toLowerCase();
  if (seg === "*" || (seg.startsWith("{") && !seg.endsWith("=**}"))) return ONE;
  return null;
}

/** A template with literal segments only (no variable, `*` or `**`): its path is its one match. */
export function isLiteralTemplate(template: string): boolean {
  return template.indexOf("{") === -1 && template.indexOf("}") === -1 && template.indexOf("*") === -1;
}

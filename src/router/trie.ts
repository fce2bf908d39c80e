/**
 * The path index of one virtual host: a segment trie. Each route's path becomes a list of
 * tokens, one per path segment, ending in `end` (the path stops here) or `rest` (any remainder,
 * including none). Static segments live in a Map; `*`/`{x}`, "any", string-prefix and
 * version-segment children are tried after it. Entries carry their route's rank so the walk
 * can prune subtrees that cannot beat the best match found so far.
 */
import type { PathMatch } from "../schema/l7.ts";
import type { CompiledRoute } from "./route.ts";
import { parseTemplate } from "./template.ts";

export type Token =
  | { t: "lit"; text: string }
  | { t: "one" } // one non-empty segment
  | { t: "any" } // one segment, possibly empty (padding before a version segment)
  | { t: "starts"; text: string } // a segment starting with text (string-prefix routes)
  | { t: "version"; prefix: string };

export interface PathPattern {
  tokens: Token[];
  tail: "end" | "rest";
}

export interface Entry {
  readonly rank: number;
  readonly route: CompiledRoute<unknown>;
  /** True when this entry expects the API-version segment inside the path. */
  readonly versioned: boolean;
}

export class TrieNode {
  statics: Map<string, TrieNode> | null = null;
  /** When there is exactly one static child: its key and node (compared in place, no slice or hash). */
  soleKey: string | null = null;
  soleNode: TrieNode | null = null;
  one: TrieNode | null = null;
  any: TrieNode | null = null;
  starts: Array<{ text: string; node: TrieNode }> | null = null;
  versions: Array<{ prefix: string; node: TrieNode }> | null = null;
  /** Routes whose path ends exactly here, best rank first. */
  end: Entry[] = [];
  /** Routes that match here whatever follows, best rank first. */
  rest: Entry[] = [];
  /** Smallest rank anywhere in this subtree (for pruning). */
  minRank = Infinity;

  child(tok: Token): TrieNode {
    switch (tok.t) {
      case "lit": {
        this.statics ??= new Map();
        let n = this.statics.get(tok.text);
        if (!n) this.statics.set(tok.text, (n = new TrieNode()));
        return n;
      }
      case "one": return (this.one ??= new TrieNode());
      case "any": return (this.any ??= new TrieNode());
      case "starts": {
        this.starts ??= [];
        let e = this.starts.find((s) => s.text === tok.text);
        if (!e) this.starts.push((e = { text: tok.text, node: new TrieNode() }));
        return e.node;
      }
      case "version": {
        this.versions ??= [];
        let e = this.versions.find((s) => s.prefix === tok.prefix);
        if (!e) this.versions.push((e = { prefix: tok.prefix, node: new TrieNode() }));
        return e.node;
      }
    }
  }

  insert(p: PathPattern, entry: Entry): void {
    let n: TrieNode = this;
    n.minRank = Math.min(n.minRank, entry.rank);
    for (const tok of p.tokens) {
      n = n.child(tok);
      n.minRank = Math.min(n.minRank, entry.rank);
    }
    (p.tail === "end" ? n.end : n.rest).push(entry);
  }

  /** Sort entry lists by rank once all routes are in. */
  seal(): void {
    if (this.statics?.size === 1) [[this.soleKey, this.soleNode]] = [...this.statics] as [[string, TrieNode]];
    this.end.sort((a, b) => a.rank - b.rank);
    this.rest.sort((a, b) => a.rank - b.rank);
    for (const c of this.statics?.values() ?? []) c.seal();
    this.one?.seal();
    this.any?.seal();
    for (const s of this.starts ?? []) s.node.seal();
    for (const v of this.versions ?? []) v.node.seal();
  }
}

/**
 * Every entry whose pattern matches `path` (no pruning). Used at compile time to precompute the
 * candidates of static paths; mirrors HostIndex's walk.
 */
export function collectEntries(node: TrieNode, path: string, pos: number, out: Entry[], inSegment: (seg: string, prefix: string) => boolean): void {
  out.push(...node.rest);
  if (pos === -1) {
    out.push(...node.end);
    return;
  }
  let end = path.indexOf("/", pos);
  let next = end + 1;
  if (end === -1) { end = path.length; next = -1; }
  const seg = path.slice(pos, end);
  const c = node.statics?.get(seg);
  if (c) collectEntries(c, path, next, out, inSegment);
  if (node.one && seg !== "") collectEntries(node.one, path, next, out, inSegment);
  if (node.any) collectEntries(node.any, path, next, out, inSegment);
  for (const s of node.starts ?? []) if (seg.startsWith(s.text)) collectEntries(s.node, path, next, out, inSegment);
  const after = next === -1 && pos === 1 ? path.length : next; // see HostIndex.#walk
  for (const v of node.versions ?? []) if (inSegment(seg, v.prefix)) collectEntries(v.node, path, after, out, inSegment);
}

/** Segments of an absolute path literal: "/" -> [""], "/a/b" -> ["a","b"]. */
const segmentsOf = (path: string) => path.slice(1).split("/");

/**
 * Tokens for an indexable path match (not regex, not inverted), literal text folded to lower
 * case when the match is case-insensitive. Absent path: everything.
 */
export function patternOf(p: PathMatch | undefined): PathPattern {
  if (!p) return { tokens: [], tail: "rest" };
  const fold = p.caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  if (p.exact !== undefined) return { tokens: segmentsOf(fold(p.exact)).map((text) => ({ t: "lit", text })), tail: "end" };
  if (p.segmentPrefix !== undefined) {
    const sp = fold(p.segmentPrefix);
    return { tokens: sp === "/" ? [] : segmentsOf(sp).map((text) => ({ t: "lit", text })), tail: "rest" };
  }
  if (p.prefix !== undefined) {
    const segs = segmentsOf(fold(p.prefix));
    const last = segs.pop()!;
    return { tokens: [...segs.map((text): Token => ({ t: "lit", text })), { t: "starts", text: last }], tail: "rest" };
  }
  const tokens: Token[] = [];
  let tail: "end" | "rest" = "end";
  for (const seg of parseTemplate(p.template!)) {
    if (seg.kind === "literal") tokens.push({ t: "lit", text: fold(seg.text) });
    else if (seg.kind === "one") tokens.push({ t: "one" });
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
  if (index <= p.tokens.length) return { tokens: [...p.tokens.slice(0, index), v, ...p.tokens.slice(index)], tail: p.tail };
  if (p.tail === "end") return null;
  const pad: Token[] = Array.from({ length: index - p.tokens.length }, () => ({ t: "any" }));
  return { tokens: [...p.tokens, ...pad, v], tail: "rest" };
}

/**
 * The path index of one virtual host: a segment trie. Each route's path becomes a list of
 * tokens, one per path segment, ending in `end` (the path stops here) or `rest` (any remainder,
 * including none). Static segments live in a Map; `*`/`{x}`, "any", string-prefix and
 * version-segment children are tried after it. Entries carry their route's rank so the walk
 * can prune subtrees that cannot beat the best match found so far.
 */

import type { ByMethod, Entry } from "./entry.ts";
import { patternOfEntry, splitByMethod } from "./entry.ts";
import type { PathPattern, Token } from "./pattern.ts";

export { ByMethod, Entry, splitByMethod } from "./entry.ts";
export { type PathPattern, patternOf, type Token, withVersionSegment } from "./pattern.ts";

/** Shared empty list for nodes without entries (most nodes), replaced on first insert. */
const NONE: Entry[] = Object.freeze([]) as unknown as Entry[];
const NO_LENGTHS: number[] = Object.freeze([]) as unknown as number[];

/**
 * Above every rank (ranks are route positions). An integer, not Infinity: a small-integer field
 * is stored in the node itself, a double one in a separate heap box (one more object per node).
 */
export const NO_RANK = 0x3fffffff;

/** Up to this many static children are scanned linearly instead of hashed. */
const FEW = 16;

export class TrieNode {
  statics: Map<string, TrieNode> | null = null;
  /** For a few static children, parallel arrays compared in place (cheaper than slice + hash). */
  fewKeys: string[] | null = null;
  fewNodes: TrieNode[] | null = null;
  /** The only static child, when there is exactly one (compared in place: no slice, no hash); else null and `statics` is set. */
  soleKey: string | null = null;
  soleNode: TrieNode | null = null;
  one: TrieNode | null = null;
  any: TrieNode | null = null;
  /** String-prefix children by their text; looked up once per distinct text length. */
  starts: Map<string, TrieNode> | null = null;
  startLengths: number[] = NO_LENGTHS;
  versions: Array<{ prefix: string; node: TrieNode }> | null = null;
  /** Routes whose path ends exactly here, best rank first. */
  end: Entry[] = NONE;
  /** Routes that match here whatever follows, best rank first. */
  rest: Entry[] = NONE;
  /** `end` / `rest` split by method (null: use the plain lists). */
  endBy: ByMethod | null = null;
  restBy: ByMethod | null = null;
  /** Smallest rank anywhere in this subtree (for pruning); NO_RANK when empty. */
  minRank = NO_RANK;
  /** No children at all (set by seal): a longer path cannot match below. */
  leaf = false;
  /** Has "any", string-prefix or version children (set by seal): the walk skips them otherwise. */
  rare = false;
  /** Entries to insert below this node on first use (see insertLazily); null once built. */
  pending: Entry[] | null = null;
  /**
   * On a root: entries under literal first segments whose child node is not made yet (see
   * insertLazily), by segment; the child is made and built on first use. Null when none is left.
   */
  lazy: Map<string, Entry[]> | null = null;

  child(tok: Token): TrieNode {
    if (typeof tok === "string") {
      // Most nodes have one static child: keep it in soleKey/soleNode and build the Map only
      // when a second key arrives (saves a Map per node, and a hash per request).
      if (this.statics === null) {
        if (this.soleKey === null) {
          this.soleKey = tok;
          return (this.soleNode = new TrieNode());
        }
        if (this.soleKey === tok) return this.soleNode!;
        this.statics = new Map([[this.soleKey, this.soleNode!]]);
        this.soleKey = null;
        this.soleNode = null;
      }
      let n = this.statics.get(tok);
      if (!n) this.statics.set(tok, (n = new TrieNode()));
      return n;
    }
    switch (tok.t) {
      case "one":
        return (this.one ??= new TrieNode());
      case "any":
        return (this.any ??= new TrieNode());
      case "starts": {
        this.starts ??= new Map();
        let n = this.starts.get(tok.text);
        if (!n) this.starts.set(tok.text, (n = new TrieNode()));
        return n;
      }
      case "version": {
        this.versions ??= [];
        let e = this.versions.find((s) => s.prefix === tok.prefix);
        if (!e) this.versions.push((e = { prefix: tok.prefix, node: new TrieNode() }));
        return e.node;
      }
    }
  }

  insert(p: PathPattern, entry: Entry, from = 0): void {
    let n: TrieNode = this;
    if (entry.rank < n.minRank) n.minRank = entry.rank;
    const tokens = p.tokens;
    for (let i = from; i < tokens.length; i++) {
      n = n.child(tokens[i]!);
      if (entry.rank < n.minRank) n.minRank = entry.rank;
    }
    if (p.tail === "end") (n.end === NONE ? (n.end = []) : n.end).push(entry);
    else (n.rest === NONE ? (n.rest = []) : n.rest).push(entry);
  }

  /**
   * Like insert, on the root: a path that starts with a literal segment only reaches that
   * segment's child now; the rest of it is inserted when a request first walks into that child
   * (build). A table's cold start then costs one node per distinct first segment, and each
   * subtree (say /repos/...) is built once, on the first request under it: microseconds,
   * instead of the whole table up front when an isolate only ever serves a few of its subtrees.
   */
  insertLazily(p: PathPattern, entry: Entry): void {
    const first = p.tokens[0];
    if (p.tokens.length < 2 || typeof first !== "string") this.insert(p, entry);
    else this.defer(first, entry);
  }

  /** insertLazily for an entry whose pattern starts with `first` (a literal or ONE) and goes on. */
  defer(first: Token, entry: Entry): void {
    if (entry.rank < this.minRank) this.minRank = entry.rank;
    if (typeof first === "string") {
      // Not even a node per first segment at load: a list of entries (tables may have thousands).
      const lazy = (this.lazy ??= new Map());
      const list = lazy.get(first);
      if (list === undefined) lazy.set(first, [entry]);
      else list.push(entry);
      return;
    }
    const c = this.child(first);
    if (entry.rank < c.minRank) c.minRank = entry.rank;
    if (c.pending === null) c.pending = [entry];
    else c.pending.push(entry);
  }

  /**
   * On a sealed root: builds pending subtrees now, in table order, while fewer than `budget`
   * entries have been built. Small tables are then fully built at load (their first requests
   * pay nothing), and so is the code that builds subtrees (warm before the first lazy one).
   */
  buildSome(budget: number): void {
    const visit = (c: TrieNode) => {
      if (budget <= 0 || c.pending === null) return;
      budget -= c.pending.length;
      c.build();
    };
    if (this.soleNode !== null) visit(this.soleNode);
    else this.statics?.forEach(visit);
    if (this.one !== null) visit(this.one);
    this.lazy?.forEach((list, key) => {
      if (budget <= 0) return;
      budget -= list.length;
      this.buildLazy(key);
    });
  }

  /** The child for first segment `key` made from its lazy entries and built (undefined: no such entries). */
  buildLazy(key: string): TrieNode | undefined {
    const lazy = this.lazy!;
    const list = lazy.get(key);
    if (list === undefined) return undefined;
    lazy.delete(key);
    if (lazy.size === 0) this.lazy = null;
    const c = new TrieNode();
    c.pending = list;
    this.statics!.set(key, c);
    c.build();
    return c;
  }

  /** Before sealing a root with lazy entries: entries of a segment that has a node already go to its pending list; children live in a Map. */
  #settleLazy(lazy: Map<string, Entry[]>): void {
    if (this.soleNode !== null) {
      this.statics = new Map([[this.soleKey!, this.soleNode]]);
      this.soleKey = null;
      this.soleNode = null;
    }
    const statics = (this.statics ??= new Map());
    lazy.forEach((list, key) => {
      const c = statics.get(key);
      if (c === undefined) return;
      for (const e of list) if (e.rank < c.minRank) c.minRank = e.rank;
      c.pending = c.pending === null ? list : c.pending.concat(list);
      lazy.delete(key);
    });
    if (lazy.size === 0) this.lazy = null;
  }

  /** Inserts the pending entries below this node and seals it (before any walk reads it). */
  build(): void {
    const pending = this.pending!;
    this.pending = null;
    for (let i = 0; i < pending.length; i++) this.insert(patternOfEntry(pending[i]!)!, pending[i]!, 1);
    this.seal();
  }

  /** Sort entry lists by rank and compress chains once all routes are in (no insert after this; pending nodes seal when built). */
  seal(): void {
    if (this.pending !== null) return;
    if (this.lazy !== null) this.#settleLazy(this.lazy);
    this.rare = this.any !== null || this.starts !== null || this.versions !== null;
    this.leaf = !this.rare && this.soleNode === null && this.statics === null && this.one === null;
    if (this.end.length > 1) this.end.sort((a, b) => a.rank - b.rank);
    if (this.rest.length > 1) this.rest.sort((a, b) => a.rank - b.rank);
    this.endBy = splitByMethod(this.end);
    this.restBy = splitByMethod(this.rest);
    if (this.soleNode !== null) {
      this.soleNode.seal();
      // Path compression: fold a chain of bare single-static-child nodes into one key ("v1/items"),
      // compared with one startsWith instead of one recursion per segment.
      let n: TrieNode = this.soleNode;
      while (n.soleNode !== null && n.end.length === 0 && n.rest.length === 0 && n.one === null && !n.rare) {
        this.soleKey += `/${n.soleKey}`;
        n = n.soleNode;
      }
      this.soleNode = n;
    }
    if (this.statics !== null) {
      this.statics.forEach(sealNode); // no iterator objects: the root may have thousands of children
      if (this.statics.size <= FEW && this.lazy === null) {
        this.fewKeys = [...this.statics.keys()];
        this.fewNodes = [...this.statics.values()];
      }
    }
    this.one?.seal();
    this.any?.seal();
    if (this.starts) {
      this.startLengths = [...new Set([...this.starts.keys()].map((k) => k.length))].sort((a, b) => a - b);
      for (const n of this.starts.values()) n.seal();
    }
    for (const v of this.versions ?? []) v.node.seal();
  }
}

const sealNode = (n: TrieNode) => n.seal();

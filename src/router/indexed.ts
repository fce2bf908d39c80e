/**
 * The indexed matcher of one virtual host. A request walks the segment tries (case-sensitive
 * routes with the path as is, case-insensitive ones with the lower-cased path), then the few
 * routes that cannot be indexed (regex or inverted paths). Every route whose path fits is a
 * candidate; conditions run only on candidates that rank better than the best match so far, so
 * the result equals a linear first-match scan in priority order (reference.ts) at a fraction
 * of the cost. The walk allocates nothing (but on the first visit of a subtree of a large table:
 * it is built then, see TrieNode.insertLazily); a match allocates one small result (none for
 * static paths whose answer needs no version: those results are prebuilt or kept).
 */

import type { Route } from "../schema/l7.ts";
import { passes } from "./checks.ts";
import { type Fallback, HostParts } from "./host-parts.ts";
import { RequestView } from "./request-view.ts";
import { type ActionOf, buildResult, type CompiledRoute, pathForRoute } from "./route.ts";
import { type MethodPlan, StaticBucket } from "./static-paths.ts";
import { type Entry, NO_RANK, type TrieNode } from "./trie.ts";
import { afterSoleKey, collectEntries, NO_MATCH } from "./trie-lookup.ts";
import type { MatchInput, MatchResult } from "./types.ts";
import { splitPathVersion, versionInSegment } from "./version.ts";

/**
 * Entries indexed in full at load, per trie; subtrees beyond are built on first use (see
 * TrieNode.insertLazily). Most tables fit: only very large ones defer part of their work.
 */
const EAGER_ENTRIES = 256;

export class HostIndex<A> {
  readonly name: string;
  readonly #parts: HostParts;
  readonly #sensitive: TrieNode;
  #insensitive: TrieNode | null = null;
  readonly #fallback: Fallback[];
  /**
   * Exact-path routes' paths -> all trie candidates for that path, best rank first (like Hono's
   * static map). Built on a path's first request (null until then): a few microseconds once per
   * path, instead of every path of the table at compile time (cold start) when few are ever asked.
   */
  readonly #static = new Map<string, StaticBucket<A> | null>();
  /** Header, cookie and query values of the current request, each read at most once (made by seal()). */
  #view!: RequestView;
  // Per-request scratch state. match() is synchronous and never re-entered, so it is safe to share.
  #input!: MatchInput;
  #best = NO_RANK;
  #bestEntry: Entry | null = null;
  #bestMatched = "";
  #bestVersion: string | undefined;

  /** Call add() for each route in match order, then seal(). */
  constructor(name: string, actionOf?: ActionOf<A>) {
    this.name = name;
    this.#parts = new HostParts(name, actionOf as ActionOf<unknown> | undefined);
    this.#sensitive = this.#parts.sensitive;
    this.#fallback = this.#parts.fallback;
  }

  /** Indexes a route (`index`: its position in the document, `rank`: in match order). */
  add(route: Route, index: number, rank: number): void {
    const key = this.#parts.add(route, index, rank);
    if (key !== null) this.#static.set(key, null);
  }

  seal(): this {
    this.#view = new RequestView(this.#parts.slots);
    this.#insensitive = this.#parts.insensitive;
    this.#sensitive.seal();
    this.#insensitive?.seal();
    this.#sensitive.buildSome(EAGER_ENTRIES);
    this.#insensitive?.buildSome(EAGER_ENTRIES);
    return this;
  }

  #bucketOf(key: string): StaticBucket<A> {
    return new StaticBucket<A>(
      key,
      this.#candidatesOf(key),
      this.#fallback.length === 0 ? NO_RANK : this.#fallback[0]!.rank,
    );
  }

  #candidatesOf(path: string): Entry[] {
    const inSegment = (seg: string, prefix: string) => versionInSegment(seg, prefix) !== null;
    const out: Entry[] = [];
    collectEntries(this.#sensitive, path, 1, out, inSegment);
    if (this.#insensitive) collectEntries(this.#insensitive, path.toLowerCase(), 1, out, inSegment);
    return out.length < 2 ? out : [...new Set(out)].sort((a, b) => a.rank - b.rank);
  }

  match(input: MatchInput): MatchResult<A> | null {
    const path = input.path;
    let known = this.#static.get(path);
    if (known === null) this.#static.set(path, (known = this.#bucketOf(path)));
    this.#input = input;
    this.#best = NO_RANK;
    this.#bestEntry = null;
    if (known !== undefined) {
      const plan = known.plan(input.method);
      if (plan.fixed !== null) return plan.fixed;
      this.#view.begin(input);
      if (plan.plain && this.#fallback.length === 0) return this.#firstAccepted(plan, input);
      // Sorted by rank: the first accepted candidate is the best one of the trie.
      const list = plan.list;
      let i = 0;
      while (i < list.length && !this.#candidate(list[i]!)) i++;
      if (this.#fallback.length === 0) {
        const e = this.#bestEntry as Entry | null;
        if (e === null) return null;
        this.#bestEntry = null;
        return e.version === null
          ? plan.cached(i, path)
          : buildResult(e.route as CompiledRoute<A>, input, this.#bestMatched, this.#bestVersion);
      }
    } else {
      this.#view.begin(input);
      this.#walk(this.#sensitive, path, 1);
      if (this.#insensitive) this.#walk(this.#insensitive, path.toLowerCase(), 1);
    }
    for (const f of this.#fallback) {
      if (f.rank >= this.#best) break;
      const seen = pathForRoute(f.entry.route, path);
      if (!f.path(seen.matched)) continue;
      this.#consider(f.entry, seen.matched, seen.version);
    }
    const e = this.#bestEntry as Entry | null;
    if (e === null) return null;
    this.#bestEntry = null;
    return buildResult(e.route as CompiledRoute<A>, input, this.#bestMatched, this.#bestVersion);
  }

  /**
   * The common static case (no fallback routes, no version segment in the path): the first
   * candidate, in rank order, whose conditions pass. The plan holds only candidates that accept
   * the method, so conditions are all that is left to test.
   */
  #firstAccepted(plan: MethodPlan<A>, input: MatchInput): MatchResult<A> | null {
    const list = plan.list;
    const view = this.#view;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (e.checks !== null && !passes(e.checks, view)) continue;
      if (e.version === null) return plan.cached(i, input.path);
      const version = e.version.verdict(view, undefined);
      if (version !== false) return buildResult(e.route as CompiledRoute<A>, input, input.path, version);
    }
    return null;
  }

  /** `pos` is where the next segment starts, or -1 when the path is consumed. */
  #walk(node: TrieNode, path: string, pos: number): void {
    if (node.minRank >= this.#best) return;
    if (node.pending !== null) node.build();
    if (node.rest.length !== 0) this.#entries(node.restBy === null ? node.rest : node.restBy.pick(this.#input.method));
    if (pos === -1) {
      if (node.end.length !== 0) this.#entries(node.endBy === null ? node.end : node.endBy.pick(this.#input.method));
      return;
    }
    if (node.leaf) return;
    if (node.soleKey !== null) {
      const after = afterSoleKey(node.soleKey, path, pos);
      if (after !== NO_MATCH) this.#walk(node.soleNode!, path, after);
      if (node.one === null && !node.rare) return; // nothing else to try: skip finding the segment end
    }
    let end = path.indexOf("/", pos);
    let next = end + 1;
    if (end === -1) {
      end = path.length;
      next = -1;
    }
    if (node.soleKey !== null) {
      // done above
    } else if (node.fewKeys !== null) {
      const keys = node.fewKeys;
      const len = end - pos;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (k.length === len && path.startsWith(k, pos)) {
          this.#walk(node.fewNodes![i]!, path, next);
          break;
        }
      }
    } else if (node.statics !== null) {
      const seg = path.slice(pos, end);
      const c = node.statics.get(seg) ?? (node.lazy !== null ? node.buildLazy(seg) : undefined);
      if (c !== undefined) this.#walk(c, path, next);
    }
    if (node.one !== null && end > pos) this.#walk(node.one, path, next);
    if (node.rare) this.#walkRare(node, path, pos, end, next);
  }

  /** The uncommon children: "any" padding, string prefixes and version segments. */
  #walkRare(node: TrieNode, path: string, pos: number, end: number, next: number): void {
    if (node.any !== null) this.#walk(node.any, path, next);
    if (node.starts !== null) {
      const lengths = node.startLengths;
      for (let i = 0; i < lengths.length; i++) {
        const len = lengths[i]!;
        if (pos + len > end) break;
        const c = node.starts.get(path.slice(pos, pos + len));
        if (c !== undefined) this.#walk(c, path, next);
      }
    }
    if (node.versions !== null) {
      // "/v2" minus its version segment is "/" (one empty segment), so continue with that empty segment.
      const after = next === -1 && pos === 1 ? path.length : next;
      for (const v of node.versions)
        if (versionInSegment(path.slice(pos, end), v.prefix) !== null) this.#walk(v.node, path, after);
    }
  }

  /** Candidates in rank order: the first one accepted is the best of the list (later ones rank worse). */
  #entries(list: Entry[]): void {
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (e.rank >= this.#best) return;
      if (this.#candidate(e)) return;
    }
  }

  /** Considers one trie candidate; true when it was accepted (it is then the best so far). */
  #candidate(e: Entry): boolean {
    const vs = e.vpath;
    if (vs === null) return this.#consider(e, this.#input.path, undefined);
    const split = splitPathVersion(this.#input.path, vs);
    if (e.versioned !== (split !== null)) return false; // the route's other entry handles this request
    return split ? this.#consider(e, split.rest, split.version) : this.#consider(e, this.#input.path, undefined);
  }

  #consider(e: Entry, matched: string, pathVersion: string | undefined): boolean {
    const method = this.#input.method;
    if (e.method !== null ? e.method !== method : e.methods !== null && !e.methods.has(method)) return false;
    let version: string | undefined;
    if (e.checks !== null && !passes(e.checks, this.#view)) return false;
    if (e.version !== null) {
      const verdict = e.version.verdict(this.#view, pathVersion);
      if (verdict === false) return false;
      version = verdict;
    }
    this.#best = e.rank;
    this.#bestEntry = e;
    this.#bestMatched = matched;
    this.#bestVersion = version;
    return true;
  }
}

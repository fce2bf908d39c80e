/**
 * What a virtual host's routes are indexed into, filled route by route at load (see HostIndex):
 * the two segment tries, the fallback routes (regex or inverted paths), the route store, and the
 * slots and shared objects of the routes' conditions.
 */
import type { Route } from "../schema/l7.ts";
import { CheckPool, compileChecks } from "./checks.ts";
import { Entry, patternOfEntry, RouteStore, type RouteTests } from "./entry.ts";
import { isLiteralTemplate, leadingToken } from "./pattern.ts";
import { pathPredicate } from "./reference.ts";
import { SlotTable } from "./request-view.ts";
import { type ActionOf, compileRoute, isUnconditional } from "./route.ts";
import { TrieNode, withVersionSegment } from "./trie.ts";
import { VersionReadsPool } from "./version-reads.ts";

const NO_TESTS: RouteTests = Object.freeze({ checks: null, version: null });

/** A route whose path cannot be indexed (regex or inverted): tested on every request it could beat. */
export interface Fallback {
  rank: number;
  entry: Entry;
  path: (p: string) => boolean;
}

export class HostParts {
  readonly sensitive = new TrieNode();
  insensitive: TrieNode | null = null;
  readonly fallback: Fallback[] = [];
  readonly store: RouteStore;
  readonly #vhost: string;
  /** Names that conditions read (see RequestView). */
  readonly #slots = new SlotTable();
  readonly #checkPool = new CheckPool();
  readonly #versionPool = new VersionReadsPool();

  readonly #actionOf: ActionOf<unknown> | undefined;

  constructor(vhost: string, actionOf?: ActionOf<unknown>) {
    this.#vhost = vhost;
    this.#actionOf = actionOf;
    this.store = new RouteStore(vhost, actionOf);
  }

  get slots(): SlotTable {
    return this.#slots;
  }

  /** Indexes one route; returns its path when it is a static case-sensitive path (for #static). */
  add(source: Route, index: number, rank: number): string | null {
    const m = source.match;
    const p = m.path;
    // Compiled now: routes with an API version (their entries need the version rule) and with a
    // rewrite regex (a bad one must fail the load, not a request); the others when first chosen.
    const a = source.action;
    const eager = m.apiVersion !== undefined || (a.type === "forward" && a.rewrite?.regex !== undefined);
    const route = eager ? compileRoute<unknown>(source, index, rank, this.#vhost, this.#actionOf) : null;
    this.store.add(source, index, route);
    const tests: RouteTests = isUnconditional(m)
      ? NO_TESTS
      : {
          checks: compileChecks(m, this.#slots, this.#checkPool),
          version: m.apiVersion ? this.#versionPool.get(m.apiVersion, this.#slots) : null,
        };
    const vpath = route?.version?.path ?? null;
    const entry = new Entry(source, rank, this.store, vpath, false, tests);
    if (p && (p.regex !== undefined || p.invert)) {
      this.fallback.push({ rank, entry, path: pathPredicate(p) });
      return null;
    }
    const trie = p && !p.caseSensitive ? (this.insensitive ??= new TrieNode()) : this.sensitive;
    const vs = route?.version?.path;
    const template = p?.template;
    if (template !== undefined && !vs) {
      // The common route: its template is parsed when a request first reaches its subtree.
      const lead = leadingToken(template, p!.caseSensitive);
      if (lead !== null) trie.defer(lead, entry);
      else trie.insert(patternOfEntry(entry)!, entry);
      return p!.caseSensitive && isLiteralTemplate(template) ? template : null;
    }
    const pattern = patternOfEntry(entry)!;
    trie.insertLazily(pattern, entry);
    if (vs) {
      const vp = withVersionSegment(pattern, vs.index, vs.prefix);
      if (vp) trie.insertLazily(vp, new Entry(source, rank, this.store, vpath, true, tests));
    }
    const isStatic = p?.caseSensitive && pattern.tail === "end" && pattern.tokens.every((t) => typeof t === "string");
    return isStatic ? `/${pattern.tokens.join("/")}` : null;
  }
}

/** Trie entries: a route as the walk sees it, and entry lists split by method. */
import type { Route } from "../schema/l7.ts";
import type { Check } from "./checks.ts";
import { type PathPattern, patternOf, withVersionSegment } from "./pattern.ts";
import { type ActionOf, type CompiledRoute, compileRoute } from "./route.ts";
import type { PathVersionSource } from "./version.ts";
import type { VersionReads } from "./version-reads.ts";

/** What the walk tests on a candidate besides path and method (shared by a route's entries). */
export interface RouteTests {
  checks: Check[] | null;
  version: VersionReads | null;
}

/**
 * The routes of one virtual host by rank, each compiled when first needed (chosen, or its subtree
 * built): at load, a table of 10,000 routes makes only its entries.
 */
export class RouteStore {
  readonly #vhost: string;
  readonly #sources: Route[] = [];
  readonly #indexes: number[] = [];
  readonly #routes: Array<CompiledRoute<unknown> | undefined> = [];

  readonly #actionOf: ActionOf<unknown> | undefined;

  constructor(vhost: string, actionOf?: ActionOf<unknown>) {
    this.#vhost = vhost;
    this.#actionOf = actionOf;
  }

  /** Call in rank order (0, 1, 2...); `compiled`: the route when the caller compiled it already. */
  add(source: Route, index: number, compiled: CompiledRoute<unknown> | null): void {
    this.#sources.push(source);
    this.#indexes.push(index);
    this.#routes.push(compiled ?? undefined);
  }

  route(rank: number): CompiledRoute<unknown> {
    return (this.#routes[rank] ??= compileRoute(
      this.#sources[rank]!,
      this.#indexes[rank]!,
      rank,
      this.#vhost,
      this.#actionOf,
    ));
  }
}

/**
 * A route as the walk sees it: only what the walk reads on every candidate, so that rejecting a
 * candidate touches one small object (fewer cache misses on big tables); the rest is in the store.
 */
export class Entry {
  readonly rank: number;
  /** True when this entry expects the API-version segment inside the path. */
  readonly versioned: boolean;
  readonly vpath: PathVersionSource | null;
  readonly method: string | null;
  readonly methods: ReadonlySet<string> | null;
  /** Conditions and version rule (both null: the route is unconditional). */
  readonly checks: Check[] | null;
  readonly version: VersionReads | null;
  readonly #store: RouteStore;

  constructor(
    source: Route,
    rank: number,
    store: RouteStore,
    vpath: PathVersionSource | null,
    versioned: boolean,
    tests: RouteTests,
  ) {
    this.rank = rank;
    this.versioned = versioned;
    this.vpath = vpath;
    const list = source.match.methods;
    const set = list !== undefined && list.length > 1 ? new Set(list) : null;
    this.method = list !== undefined && (set === null || set.size === 1) ? list[0]! : null;
    this.methods = set !== null && set.size > 1 ? set : null;
    this.checks = tests.checks;
    this.version = tests.version;
    this.#store = store;
  }

  /** No conditions and no version rule besides methods: a path (and method) match is a match. */
  get unconditional(): boolean {
    return this.checks === null && this.version === null;
  }

  get route(): CompiledRoute<unknown> {
    return this.#store.route(this.rank);
  }
}

/** The path pattern an entry is indexed under (its route's, with the version segment if `versioned`). */
export function patternOfEntry(e: Entry): PathPattern | null {
  const base = patternOf(e.route.path, e.route.template);
  if (!e.versioned) return base;
  const vs = e.vpath!;
  return withVersionSegment(base, vs.index, vs.prefix);
}

/**
 * An entry list split by request method, so a walk never iterates routes of other methods: per
 * method named by some entry, the entries that accept it (rank order); `other`, the entries that
 * accept any method. Most lists name one method (a path's GET routes): that one is compared inline.
 */
export class ByMethod {
  readonly #first: string;
  readonly #firstList: Entry[];
  /** The lists of the other named methods (null: only one method is named). */
  readonly #more: Map<string, Entry[]> | null;
  readonly #other: Entry[];

  constructor(lists: Map<string, Entry[]>, other: Entry[]) {
    const [first, firstList] = lists.entries().next().value!;
    this.#first = first;
    this.#firstList = firstList;
    lists.delete(first);
    this.#more = lists.size === 0 ? null : lists;
    this.#other = other;
  }

  /** The entries that accept `method`, best rank first. */
  pick(method: string): Entry[] {
    if (method === this.#first) return this.#firstList;
    return this.#more === null ? this.#other : (this.#more.get(method) ?? this.#other);
  }
}

const NO_ENTRIES: Entry[] = Object.freeze([]) as unknown as Entry[];

/** Null when splitting would not skip anything (fewer than two entries, or no method restrictions). */
export function splitByMethod(list: Entry[]): ByMethod | null {
  if (list.length < 2) return null;
  if (list.every((e) => e.method !== null)) {
    // The common case (each route names one method): one pass, no Set, no filtering.
    const lists = new Map<string, Entry[]>();
    for (const e of list) {
      const l = lists.get(e.method!);
      if (l === undefined) lists.set(e.method!, [e]);
      else l.push(e);
    }
    return new ByMethod(lists, NO_ENTRIES);
  }
  const named = new Set<string>();
  for (const e of list) {
    if (e.method !== null) named.add(e.method);
    for (const m of e.methods ?? []) named.add(m);
  }
  if (named.size === 0) return null;
  const anyMethod = (e: Entry) => e.method === null && e.methods === null;
  const lists = new Map<string, Entry[]>();
  for (const m of named)
    lists.set(
      m,
      list.filter((e) => anyMethod(e) || e.method === m || e.methods?.has(m) === true),
    );
  return new ByMethod(lists, list.filter(anyMethod));
}

/** Trie entries: a route as the walk sees it, and entry lists split by method. */
import type { CompiledRoute } from "./route.ts";
import type { PathVersionSource } from "./version.ts";

/**
 * A route as the walk sees it. The fields the walk reads on every candidate are copied from the
 * route so that rejecting a candidate touches one small object (fewer cache misses on big tables).
 */
export class Entry {
  readonly rank: number;
  readonly route: CompiledRoute<unknown>;
  /** True when this entry expects the API-version segment inside the path. */
  readonly versioned: boolean;
  readonly vpath: PathVersionSource | null;
  readonly method: string | null;
  readonly methods: ReadonlySet<string> | null;
  readonly unconditional: boolean;
  readonly check: CompiledRoute<unknown>["check"];

  constructor(route: CompiledRoute<unknown>, versioned: boolean) {
    this.rank = route.rank;
    this.route = route;
    this.versioned = versioned;
    this.vpath = route.version?.path ?? null;
    this.method = route.method;
    this.methods = route.methods;
    this.unconditional = route.unconditional;
    this.check = route.check;
  }
}

/**
 * An entry list split by request method, so a walk never iterates routes of other methods:
 * `lists` holds, per method named by some entry, the entries that accept it (rank order);
 * `other` the entries that accept any method.
 */
export interface ByMethod {
  lists: Map<string, Entry[]>;
  other: Entry[];
}

/** Null when splitting would not skip anything (fewer than two entries, or no method restrictions). */
export function splitByMethod(list: Entry[]): ByMethod | null {
  if (list.length < 2) return null;
  const named = new Set<string>();
  for (const e of list) {
    if (e.method !== null) named.add(e.method);
    for (const m of e.methods ?? []) named.add(m);
  }
  if (named.size === 0) return null;
  const anyMethod = (e: Entry) => e.method === null && e.methods === null;
  const lists = new Map<string, Entry[]>();
  for (const m of named) lists.set(m, list.filter((e) => anyMethod(e) || e.method === m || e.methods?.has(m) === true));
  return { lists, other: list.filter(anyMethod) };
}

/**
 * Answers for static paths (like Hono's static map): every trie candidate of one exact path,
 * planned per request method. When the first candidate that accepts the method needs nothing
 * else, its answer is prebuilt (`fixed`); otherwise the plan lists the candidates to check, in
 * rank order, and keeps the result built for each (a pure function of path and route) once it wins.
 */

import type { Entry } from "./entry.ts";
import { buildResult, type CompiledRoute } from "./route.ts";
import type { MatchInput, MatchResult } from "./types.ts";

export class MethodPlan<A> {
  /** The answer when the first accepting candidate is unconditional and no fallback route ranks before it; else null. */
  readonly fixed: MatchResult<A> | null;
  /** Candidates that accept the method, best rank first. */
  readonly list: readonly Entry[];
  /** results[i]: the answer built when list[i] wins without an API version (filled on first win). */
  readonly results: Array<MatchResult<A> | undefined>;
  /** No candidate looks for a version segment in the path (the path is matched as is). */
  readonly plain: boolean;

  constructor(path: string, list: Entry[], fallbackRank: number) {
    const first = list[0];
    this.fixed = first?.unconditional && first.rank < fallbackRank ? resultFor<A>(first, path) : null;
    this.list = list;
    this.results = list.map(() => undefined);
    this.plain = list.every((e) => e.vpath === null);
  }

  /** The answer when list[i] won (with no version: only then are answers shared). */
  cached(i: number, path: string): MatchResult<A> {
    return (this.results[i] ??= resultFor<A>(this.list[i]!, path));
  }
}

function resultFor<A>(e: Entry, path: string): MatchResult<A> {
  return Object.freeze(buildResult(e.route as CompiledRoute<A>, { path } as MatchInput, path, undefined));
}

export class StaticBucket<A> {
  /** The method named by the candidates, when it is one (the common case: compared inline). */
  readonly #first: string | null;
  readonly #firstPlan: MethodPlan<A> | null;
  readonly #more: Map<string, MethodPlan<A>> | null;
  /** Methods no candidate names: only candidates that accept any method. */
  readonly #other: MethodPlan<A>;

  /** `entries`: every trie candidate of `path`, best rank first. */
  constructor(path: string, entries: Entry[], fallbackRank: number) {
    const named = new Set<string>();
    for (const e of entries) {
      if (e.method !== null) named.add(e.method);
      else if (e.methods !== null) for (const m of e.methods) named.add(m);
    }
    const accepts = (e: Entry, m: string) =>
      e.method !== null ? e.method === m : e.methods === null || e.methods.has(m);
    const plans = new Map<string, MethodPlan<A>>();
    for (const m of named)
      plans.set(
        m,
        new MethodPlan<A>(
          path,
          entries.filter((e) => accepts(e, m)),
          fallbackRank,
        ),
      );
    this.#other = new MethodPlan<A>(
      path,
      entries.filter((e) => e.method === null && e.methods === null),
      fallbackRank,
    );
    const first = plans.keys().next();
    this.#first = first.done ? null : first.value;
    this.#firstPlan = first.done ? null : plans.get(first.value)!;
    if (!first.done) plans.delete(first.value);
    this.#more = plans.size === 0 ? null : plans;
  }

  plan(method: string): MethodPlan<A> {
    if (method === this.#first) return this.#firstPlan!;
    return this.#more === null ? this.#other : (this.#more.get(method) ?? this.#other);
  }
}

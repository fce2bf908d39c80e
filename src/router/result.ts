/**
 * The match result. Params are extracted lazily on first access (most routes never read them,
 * and a benchmark of match() should not pay for them either), from a plan made at compile time.
 */

import type { TemplateSegment } from "../schema/syntax/template.ts";
import type { ForwardPathFn } from "./rewrite.ts";
import type { MatchResult } from "./types.ts";

export interface ParamSlot {
  /** Segment index in the matched path. */
  index: number;
  name: string;
  /** Takes this segment and all that follow (`{name=**}`). */
  rest: boolean;
}

export function paramPlan(template: TemplateSegment[] | null): ParamSlot[] | null {
  if (!template) return null;
  const out: ParamSlot[] = [];
  template.forEach((t, index) => {
    if (t.kind !== "literal" && t.name !== null) out.push({ index, name: t.name, rest: t.kind === "rest" });
  });
  return out.length ? out : null;
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Reads the planned segments of `path` without splitting it into an array. */
export function extractParams(plan: readonly ParamSlot[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  let seg = 0;
  let start = 1;
  for (const slot of plan) {
    while (seg < slot.index && start !== -1) {
      const slash = path.indexOf("/", start);
      start = slash === -1 ? -1 : slash + 1;
      seg++;
    }
    if (start === -1 || start > path.length) {
      out[slot.name] = "";
      continue;
    }
    if (slot.rest) out[slot.name] = path.slice(start);
    else {
      const slash = path.indexOf("/", start);
      out[slot.name] = path.slice(start, slash === -1 ? path.length : slash);
    }
  }
  return out;
}

/** What a result needs of its route (CompiledRoute satisfies it). */
export interface ResultSource<A> {
  readonly name: string;
  readonly vhost: string;
  readonly action: A;
  readonly params: readonly ParamSlot[] | null;
  readonly forwardPath: ForwardPathFn;
  readonly version: { readonly path: { readonly index: number; readonly strip: boolean } | null } | null;
}

/**
 * One decision. Small on purpose (it is allocated per matched request): route facts are read
 * through the route, and params and the forward path are computed on first access.
 */
export class RouteMatch<A> implements MatchResult<A> {
  readonly apiVersion: string | undefined;
  readonly #route: ResultSource<A>;
  readonly #matched: string;
  readonly #original: string;
  #params: Record<string, string> | null = null;
  #forward: string | null = null;

  constructor(route: ResultSource<A>, matched: string, original: string, apiVersion: string | undefined) {
    this.#route = route;
    this.#matched = matched;
    this.#original = original;
    this.apiVersion = apiVersion;
  }

  get routeName(): string {
    return this.#route.name;
  }

  get virtualHost(): string {
    return this.#route.vhost;
  }

  get action(): A {
    return this.#route.action;
  }

  get params(): Readonly<Record<string, string>> {
    const plan = this.#route.params;
    if (plan === null) return NO_PARAMS;
    return (this.#params ??= extractParams(plan, this.#matched));
  }

  get forwardPath(): string {
    if (this.#forward !== null) return this.#forward;
    const ps = this.#route.version?.path;
    // A version segment was found (matched differs) and is to be kept upstream.
    const keep = ps && !ps.strip && this.#matched !== this.#original ? ps.index : -1;
    return (this.#forward = this.#route.forwardPath(this.#matched, this.#original, keep));
  }

  /** Plain-object form for logs (params included). */
  toJSON(): Omit<MatchResult<A>, never> {
    const { routeName, virtualHost, action, apiVersion, forwardPath, params } = this;
    return { routeName, virtualHost, action, apiVersion, forwardPath, params };
  }
}

/**
 * One route compiled for matching: its conditions, version rule, path details and how to
 * build the result (params, forward path). Shared by the reference and the indexed matcher;
 * only the PATH test differs between them (see reference.ts and trie.ts).
 */
import type { EdgeConfig } from "../schema/index.ts";
import type { PathMatch, Route, RouteMatch as RouteConditions } from "../schema/l7.ts";
import { parseTemplate, type TemplateSegment } from "../schema/syntax/template.ts";
import { type Condition, compileConditions } from "./conditions.ts";
import { type ParamSlot, paramPlan, RouteMatch } from "./result.ts";
import { compileForwardPath, type ForwardPathFn } from "./rewrite.ts";
import type { MatchInput, MatchResult } from "./types.ts";
import { type CompiledVersion, compileVersion, splitPathVersion } from "./version.ts";

export interface CompiledRoute<A> {
  /** Position in match order within the virtual host (0 is tried first). */
  readonly rank: number;
  readonly name: string;
  readonly vhost: string;
  readonly action: A;
  readonly path: PathMatch | undefined;
  /** The parsed template (null: not a template), parsed on first use. */
  readonly template: TemplateSegment[] | null;
  /** The only method allowed, when the route names exactly one (compared inline, the common case). */
  readonly method: string | null;
  /** The methods allowed, when the route names several; null with `method` null: any method. */
  readonly methods: ReadonlySet<string> | null;
  /** The route's match block as validated (conditions are compiled by each matcher: see checks.ts, referenceCheck). */
  readonly match: RouteConditions;
  readonly version: CompiledVersion | null;
  readonly forwardPath: ForwardPathFn;
  /** Where the template's named params sit (null: none); planned on first use. */
  readonly params: readonly ParamSlot[] | null;
  /** No conditions and no version rule besides methods: a path (and method) match is a match. */
  readonly unconditional: boolean;
}

/**
 * Calls `each(route, index, rank)` for the routes of one virtual host in match order: higher
 * priority first, then document order (`index` is the document position, `rank` the match position).
 */
export function forEachInOrder(
  routes: readonly Route[],
  each: (route: Route, index: number, rank: number) => void,
): void {
  const first = routes[0]?.priority;
  let mixed = false;
  for (let i = 1; i < routes.length && !mixed; i++) mixed = routes[i]!.priority !== first;
  // Most tables use one priority: document order is then already the match order (no sort, no arrays).
  if (!mixed) for (let i = 0; i < routes.length; i++) each(routes[i]!, i, i);
  else orderRoutes(routes).forEach(({ route, index }, rank) => each(route, index, rank));
}

/** Routes of one virtual host in match order: higher priority first, then document order. */
export function orderRoutes(routes: readonly Route[]): Array<{ route: Route; index: number }> {
  const order = routes.map((route, index) => ({ route, index }));
  // Most tables use one priority: document order is then already the match order.
  const first = routes[0]?.priority;
  if (routes.some((r) => r.priority !== first))
    order.sort((a, b) => b.route.priority - a.route.priority || a.index - b.index);
  return order;
}

/** Cold start compiles every route: only what the matcher reads on the walk is computed now. */
class Compiled<A> implements CompiledRoute<A> {
  readonly rank: number;
  readonly name: string;
  readonly vhost: string;
  readonly action: A;
  readonly path: PathMatch | undefined;
  readonly method: string | null;
  readonly methods: ReadonlySet<string> | null;
  readonly match: RouteConditions;
  readonly version: CompiledVersion | null;
  readonly forwardPath: ForwardPathFn;
  readonly unconditional: boolean;
  #template: TemplateSegment[] | null | undefined = undefined;
  #params: ParamSlot[] | null | undefined = undefined;

  constructor(route: Route, index: number, rank: number, vhost: string, actionOf?: ActionOf<A>) {
    const m = route.match;
    const methodList = m.methods;
    const methodSet = methodList !== undefined && methodList.length > 1 ? new Set(methodList) : null;
    this.rank = rank;
    this.name = route.name ?? `${vhost}#${index}`;
    this.vhost = vhost;
    this.action = actionOf === undefined ? (route.action as A) : actionOf(route, this.name);
    this.path = m.path;
    this.method = methodList !== undefined && (methodSet === null || methodSet.size === 1) ? methodList[0]! : null;
    this.methods = methodSet !== null && methodSet.size > 1 ? methodSet : null;
    this.match = m;
    this.version = m.apiVersion ? compileVersion(m.apiVersion) : null;
    this.forwardPath = compileForwardPath(route);
    this.unconditional = isUnconditional(m);
  }

  get template(): TemplateSegment[] | null {
    if (this.#template === undefined)
      this.#template = this.path?.template !== undefined ? parseTemplate(this.path.template) : null;
    return this.#template;
  }

  get params(): readonly ParamSlot[] | null {
    if (this.#params === undefined) this.#params = paramPlan(this.template);
    return this.#params;
  }
}

/**
 * What a route's result carries as its `action`: by default the document's action; the edge
 * (src/edge) passes a mapper that returns the route's compiled runtime instead. Called once per
 * route, when the route is compiled (at load or on first use), never per request.
 */
export type ActionOf<A> = (route: Route, name: string) => A;

export function compileRoute<A>(
  route: Route,
  index: number,
  rank: number,
  vhost: string,
  actionOf?: ActionOf<A>,
): CompiledRoute<A> {
  return new Compiled<A>(route, index, rank, vhost, actionOf);
}

/** checkRoute's answer: false (rejected) or the resolved, normalized API version (undefined: none). */
export type Verdict = false | string | undefined;

export function methodAllowed(r: CompiledRoute<unknown>, method: string): boolean {
  return r.method !== null ? r.method === method : r.methods === null || r.methods.has(method);
}

/** Host, header, query or cookie conditions (besides path, method and version). */
function hasConditions(m: RouteConditions): boolean {
  return (
    m.hosts !== undefined ||
    (m.headers?.length ?? 0) !== 0 ||
    (m.query?.length ?? 0) !== 0 ||
    (m.cookies?.length ?? 0) !== 0
  );
}

/** No conditions and no version rule: a path (and method) match is a match. */
export function isUnconditional(m: RouteConditions): boolean {
  return !hasConditions(m) && !m.apiVersion;
}

/** Conditions besides path and method, then the version rule; `pathVersion` is the version found in the path, if any. */
export type RouteCheck = (input: MatchInput, pathVersion: string | undefined) => Verdict;

/** The reference form of a route's conditions and version rule: one closure (the indexed matcher uses checks.ts). */
export function referenceCheck(r: CompiledRoute<unknown>): RouteCheck {
  return fuseChecks(compileConditions(r.match), r.version);
}

function fuseChecks(conds: readonly Condition[], version: CompiledVersion | null): RouteCheck {
  if (version === null) {
    if (conds.length === 0) return () => undefined;
    if (conds.length === 1) {
      const only = conds[0]!;
      return (input) => (only(input) ? undefined : false);
    }
    return (input) => {
      for (let i = 0; i < conds.length; i++) if (!conds[i]!(input)) return false;
      return undefined;
    };
  }
  if (conds.length === 0) return (input, pv) => version.verdict(version.resolve(input, pv));
  return (input, pv) => {
    for (let i = 0; i < conds.length; i++) if (!conds[i]!(input)) return false;
    return version.verdict(version.resolve(input, pv));
  };
}

/** Every condition besides the path. */
export function checkRoute(
  r: CompiledRoute<unknown>,
  check: RouteCheck,
  input: MatchInput,
  pathVersion: string | undefined,
): Verdict {
  return methodAllowed(r, input.method) ? check(input, pathVersion) : false;
}

/** The path a route's path condition sees: the request path minus its version segment, if any. */
export function pathForRoute(
  r: CompiledRoute<unknown>,
  path: string,
): { matched: string; version: string | undefined } {
  const src = r.version?.path;
  if (!src) return { matched: path, version: undefined };
  const split = splitPathVersion(path, src);
  return split ? { matched: split.rest, version: split.version } : { matched: path, version: undefined };
}

export function buildResult<A>(
  r: CompiledRoute<A>,
  input: MatchInput,
  matched: string,
  version: string | undefined,
): MatchResult<A> {
  return new RouteMatch(r, matched, input.path, version);
}

export type { EdgeConfig };

/**
 * The match result. Params are extracted lazily on first access (most routes never read them,
 * and a benchmark of match() should not pay for them either), from a plan made at compile time.
 */
import type { MatchResult } from "./types.ts";
import type { TemplateSegment } from "./template.ts";

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

export class RouteMatch<A> implements MatchResult<A> {
  readonly routeName: string;
  readonly virtualHost: string;
  readonly action: A;
  readonly apiVersion: string | undefined;
  readonly forwardPath: string;
  #plan: readonly ParamSlot[] | null;
  #matched: string;
  #params: Record<string, string> | null = null;

  constructor(name: string, vhost: string, action: A, apiVersion: string | undefined, forwardPath: string, plan: readonly ParamSlot[] | null, matched: string) {
    this.routeName = name;
    this.virtualHost = vhost;
    this.action = action;
    this.apiVersion = apiVersion;
    this.forwardPath = forwardPath;
    this.#plan = plan;
    this.#matched = matched;
  }

  get params(): Readonly<Record<string, string>> {
    if (this.#plan === null) return NO_PARAMS;
    return (this.#params ??= extractParams(this.#plan, this.#matched));
  }

  /** Plain-object form for logs (params included). */
  toJSON(): Omit<MatchResult<A>, never> {
    const { routeName, virtualHost, action, apiVersion, forwardPath, params } = this;
    return { routeName, virtualHost, action, apiVersion, forwardPath, params };
  }
}

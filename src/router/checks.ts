/**
 * A route's conditions as data for the indexed matcher: one Check object per condition (all of one
 * shape), run by one function with a switch, reading the request through a RequestView so each
 * header, cookie and query parameter is read at most once per request whatever the number of
 * candidates. No closures: the call sites stay monomorphic however many kinds of condition a table
 * mixes. The reference matcher keeps its own closure form (conditions.ts): two independent
 * implementations that the differential test holds equal.
 */
import type { RouteMatch } from "../schema/l7.ts";
import { MAX_REGEX_INPUT, compileSafeRegex } from "./safe-regex.ts";
import { domainMatches } from "./domains.ts";
import type { RequestView, SlotTable } from "./request-view.ts";

const HOST = 0;
const HEADER = 1;
const COOKIE = 2;
const QUERY = 3;

const PRESENT = 0;
const EXACT = 1;
const PREFIX = 2;
const SUFFIX = 3;
const CONTAINS = 4;
const REGEX = 5;

/** Cheapest first: a host test reads nothing, a query parameter is parsed already, a cookie needs a scan. */
const COST = [0, 2, 3, 1];

interface ValueMatch {
  name: string;
  exact?: string;
  prefix?: string;
  suffix?: string;
  contains?: string;
  regex?: string;
  present?: boolean;
  invert: boolean;
  ignoreCase?: boolean;
}

export class Check {
  readonly source: number;
  readonly slot: number;
  readonly op: number;
  /** The operand, lower-cased when `fold`. */
  readonly text: string;
  readonly re: RegExp | null;
  /** Lower-case the value before comparing (ignoreCase; regexes carry the `i` flag instead). */
  readonly fold: boolean;
  /** `present: false`: matches when the value is missing. */
  readonly wantAbsent: boolean;
  readonly invert: boolean;
  readonly hosts: readonly string[] | null;

  constructor(source: number, slot: number, m: ValueMatch | null, hosts: readonly string[] | null) {
    this.source = source;
    this.slot = slot;
    this.hosts = hosts;
    const ignoreCase = m?.ignoreCase === true;
    this.invert = m?.invert === true;
    this.wantAbsent = m?.present === false;
    this.re = null;
    this.fold = false;
    this.text = "";
    if (m === null || m.present !== undefined) this.op = PRESENT;
    else if (m.regex !== undefined) {
      this.op = REGEX;
      this.re = compileSafeRegex(m.regex, ignoreCase);
    } else {
      const [op, text] =
        m.exact !== undefined ? [EXACT, m.exact] : m.prefix !== undefined ? [PREFIX, m.prefix] : m.suffix !== undefined ? [SUFFIX, m.suffix] : [CONTAINS, m.contains!];
      this.op = op;
      this.fold = ignoreCase;
      this.text = ignoreCase ? text.toLowerCase() : text;
    }
  }
}

/** The route's host, header, query and cookie conditions, cheapest first; null when it has none. */
export function compileChecks(m: RouteMatch, slots: SlotTable): Check[] | null {
  const out: Check[] = [];
  if (m.hosts) out.push(new Check(HOST, -1, null, m.hosts));
  for (const h of m.headers ?? []) out.push(new Check(HEADER, slots.header(h.name), h, null));
  for (const q of m.query ?? []) out.push(new Check(QUERY, slots.queryParam(q.name), q, null));
  for (const c of m.cookies ?? []) out.push(new Check(COOKIE, slots.cookie(c.name), c, null));
  if (out.length === 0) return null;
  // Stable sort: conditions are pure, so their order changes cost, never the answer.
  return out.sort((a, b) => COST[a.source]! - COST[b.source]!);
}

/** Every check passes (short-circuits on the first that fails). */
export function passes(checks: readonly Check[], view: RequestView): boolean {
  for (let i = 0; i < checks.length; i++) if (!passesOne(checks[i]!, view)) return false;
  return true;
}

function passesOne(c: Check, view: RequestView): boolean {
  let v: string | null | undefined;
  switch (c.source) {
    case HOST: return hostMatches(c.hosts!, view.input.host);
    case HEADER: v = view.header(c.slot); break;
    case COOKIE: v = view.cookie(c.slot); break;
    default: v = view.query(c.slot);
  }
  let hit: boolean;
  if (v === null || v === undefined) hit = c.wantAbsent;
  else if (c.wantAbsent) hit = false;
  else hit = valueMatches(c, v);
  return hit !== c.invert;
}

function valueMatches(c: Check, raw: string): boolean {
  const v = c.fold ? raw.toLowerCase() : raw;
  switch (c.op) {
    case EXACT: return v === c.text;
    case PREFIX: return v.startsWith(c.text);
    case SUFFIX: return v.endsWith(c.text);
    case CONTAINS: return v.includes(c.text);
    case REGEX: return raw.length <= MAX_REGEX_INPUT && c.re!.test(raw);
    default: return true; // PRESENT
  }
}

function hostMatches(patterns: readonly string[], host: string): boolean {
  for (let i = 0; i < patterns.length; i++) if (domainMatches(patterns[i]!, host)) return true;
  return false;
}
